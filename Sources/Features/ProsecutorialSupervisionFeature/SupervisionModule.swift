import ArgumentParser
import FeatureKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// PROSEC-ADM-2015 as the executable lists it: `rasim supervision`, its table, its demo and its part of the server.
public struct SupervisionModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [SupervisionCommand.self] }
    public var schema: ModuleSchema? { SupervisionStore.schema }
    /// Almaty oblast's offices and cases of 2016–2018 (fixed dates: the order is repealed).
    public func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws { try await SupervisionDemo.load(store: store) }
    public func web() throws -> (any WebFeature)? { try SupervisionWeb() }
}
