import ArgumentParser
import FeatureKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// MODEL-REG-2008 as the executable lists it: `rasim documents`, its tables, its demo and its part of the server.
public struct DocumentsModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [DocumentsCommand.self] }
    public var schema: ModuleSchema? { DocumentsStore.schema }
    /// A ministry's register of 2016–2018 (fixed dates: the decree is repealed).
    public func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws { try await DocumentsDemo.load(store: store, calendar: calendar) }
    public func web() throws -> (any WebFeature)? { try DocumentsWeb() }
}
