import Foundation
import LegalCore
import RiskAssessment
import TestSupport
import Testing

/// Issue 13: PS-RISK-2023's numbers are dated data with their citation, and agree with the criteria table.
@Suite("PS-RISK-2023 parameters: dated, cited, and the same as risk.json")
struct RiskParametersTests {
    @Test("in force from the act's entry into force, not before; cited to App.1 §4 and §9")
    func dated() throws {
        #expect(RiskAssessment.parameters(on: LocalDate(year: 2023, month: 5, day: 4)!) == nil)
        let p = try #require(RiskAssessment.parameters(on: LocalDate(year: 2025, month: 11, day: 20)!))
        #expect(p == RiskAssessment.current)
        #expect(p.significantWeight + p.minorWeight == Rational(1), "the two weights share the score")
        let v = try RiskAssessment.parameters.inForce(on: LocalDate(year: 2025, month: 1, day: 1)!)
        #expect(v.citation.description == "PS-RISK-2023 App.1 §4 and §9")
        #expect(v.validity.from == Acts.find(.psRisk2023)?.validity.from)
    }

    @Test("the objective thresholds are risk.json's (App.1 §4.1 and §4.5)")
    func sameAsTheTable() throws {
        let data = try Data(contentsOf: repoRoot.appendingPathComponent("Sources/Features/RiskFeature/Resources/risk.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let objective = try #require(json["objective"] as? [[String: Any]])
        let threshold = { (n: Int) in objective.first { $0["number"] as? Int == n }?["threshold"] as? String }
        #expect(threshold(1) == "> \(RiskAssessment.current.servicesAbove)")
        #expect(threshold(5) == "≥ \(RiskAssessment.current.inspectionsAtLeast)")
    }
}
