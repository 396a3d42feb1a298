import Foundation
import PublicServices
import Testing

/// Issue 13: a finding's severity is the grade of the PS-RISK-2023 criterion it falls under — read here from the
/// criteria table the risk module judges with (`risk.json`), not from the public-services code.
@Suite("Each finding code's severity is its criterion's grade in PS-RISK-2023 App.1")
struct SeverityTests {
    static func grades() throws -> [Int: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Sources/Features/RiskFeature/Resources/risk.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let criteria = try #require(json["subjective"] as? [[String: Any]])
        var out: [Int: String] = [:]
        for c in criteria { if let n = c["number"] as? Int, let s = c["severity"] as? String { out[n] = s } }
        return out
    }

    @Test("every code under a criterion is graded as the criterion is; the others are none or warning")
    func severityIsTheCriterionsGrade() throws {
        let grades = try Self.grades()
        #expect(grades.count == 35, "risk.json lists the 35 criteria")
        var graded = 0
        for code in FindingCode.allCases {
            if let n = code.criterion {
                #expect(code.severity.rawValue == grades[n], "\(code.rawValue): \(code.severity.rawValue), criterion #\(n) is \(grades[n] ?? "missing")")
                #expect(code.citations.first?.description == "PS-RISK-2023 App.1 #\(n)", "\(code.rawValue) cites its criterion first")
                graded += 1
            } else {
                #expect([.none, .warning].contains(code.severity), "\(code.rawValue) falls under no criterion: it grades nothing")
            }
        }
        #expect(graded >= 13)
    }
}
