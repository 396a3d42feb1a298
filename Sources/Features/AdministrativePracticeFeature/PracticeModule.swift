import ArgumentParser
import FeatureKit
import Storage
import WebKit

/// ADM-PRACTICE-2025 as the executable lists it: `rasim practice` and its part of the server.
public struct PracticeModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [PracticeCommand.self] }
    public var schema: ModuleSchema? { PracticeStore.schema }
    public func web() throws -> (any WebFeature)? { PracticeWeb() }
}
