import ArgumentParser
import CommandKit
import FeatureKit
import LegalCore
import PublicServices
import Storage
import WebKit
import WorkCalendar

/// PS-VIOLATIONS-2025 as the executable lists it: `rasim check`, `rasim scan`, `rasim service`, `rasim official`,
/// its demo data, and its part of the server.
public struct PublicServicesModule: Feature {
    /// How many applications the demo generates.
    let demoApplications: Int
    public init(demoApplications: Int = 300) { self.demoApplications = demoApplications }
    public var commands: [any ParsableCommand.Type] { [CheckCommand.self, ScanCommand.self, ServiceCommand.self, OfficialCommand.self] }
    public func web() throws -> (any WebFeature)? { try PublicServicesWeb() }
    /// Who works on each application (`Assignments`).
    public var schema: ModuleSchema? { Assignments.schema }

    /// The bundled catalog, the demo organizations' officials and `demoApplications` applications.
    public func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws {
        let catalog: [(id: String, json: String, passport: ServicePassport)]
        do { catalog = try ServiceCatalog.bundled(zones: calendar.zones) } catch {
            throw CLIError(code: "invalid_data", message: error.description, path: error.path)
        }
        try await PublicServicesDemo.load(store: store, calendar: calendar, catalog: catalog, applications: demoApplications, asOf: asOf)
    }
}
