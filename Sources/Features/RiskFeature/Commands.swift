import ArgumentParser
import FeatureKit
import WebKit

/// PS-RISK-2023 as the executable lists it: `rasim risk`, `rasim checklist`, and its part of the server.
public struct RiskModule: Feature {
    public init() {}
    public var commands: [any ParsableCommand.Type] { [RiskCommand.self, ChecklistCommand.self] }
    public func web() throws -> (any WebFeature)? { try RiskWeb(criteria: loadRiskCriteria()) }
}
