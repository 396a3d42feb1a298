import ArgumentParser
import FeatureKit
import WebKit

/// PS-VIOLATIONS-2025 as the executable lists it: `rasim check`, `rasim scan`, and its part of the server.
public struct PublicServicesModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [CheckCommand.self, ScanCommand.self] }
    public func web() throws -> (any WebFeature)? { try PublicServicesWeb() }
}
