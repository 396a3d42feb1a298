import ArgumentParser
import FeatureKit
import WebKit

/// PROSEC-ADM-2015 as the executable lists it: `rasim supervision` (its part of the server is still to come).
public struct SupervisionModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [SupervisionCommand.self] }
    public func web() throws -> (any WebFeature)? { nil }
}
