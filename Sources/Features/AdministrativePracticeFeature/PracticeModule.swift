import ArgumentParser
import FeatureKit
import LegalCore
import Storage
import WorkCalendar
import WebKit

/// ADM-PRACTICE-2025 as the executable lists it: `rasim practice` and its part of the server.
public struct PracticeModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [PracticeCommand.self] }
    public var schema: ModuleSchema? { PracticeStore.schema }
    /// Two bodies' registries with about a year of history before `asOf`.
    public func loadDemo(store: Store, calendar: KazakhCalendar, asOf: Instant) async throws {
        try await PracticeDemo.load(store: store, calendar: calendar, asOf: asOf)
    }
    public func web() throws -> (any WebFeature)? { try PracticeWeb() }
}
