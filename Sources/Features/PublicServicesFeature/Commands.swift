import ArgumentParser
import FeatureKit
import WebKit

/// PS-VIOLATIONS-2025 as the executable lists it: `rasim check`, `rasim scan`. Its routes and pages are still
/// the web app's (Sources/WebApp, served by every server), so it brings no part of its own yet.
public struct PublicServicesModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [CheckCommand.self, ScanCommand.self] }
    public func web() throws -> (any WebFeature)? { nil }
}
