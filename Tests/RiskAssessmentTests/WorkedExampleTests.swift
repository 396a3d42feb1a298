import Foundation
import LegalCore
import RiskAssessment
import TestSupport
import Testing

/// docs/risk.md's worked example: every number the guide states, checked against `rasim` run on
/// docs/examples/risk-example.json and docs/examples/checklist-answers.json.
@Suite("docs/risk.md worked example")
struct WorkedExampleTests {
    static let example = repoRoot.appendingPathComponent("docs/examples/risk-example.json").path
    static let answers = repoRoot.appendingPathComponent("docs/examples/checklist-answers.json").path

    /// One row of the guide's results table.
    struct Row: Sendable {
        var id: String
        var objective: [Int]
        var gross: [Int]
        var significant: (assessed: Int, violated: Int, score: Double)
        var minor: (assessed: Int, violated: Int, score: Double)
        var score: Double
        var exact: String
        var category: String
        var needsVisit: Bool
        var eligible: Bool
        var readings: [String]
    }

    /// The guide's table "What Rasim answers", in the input's order.
    static let rows: [Row] = [
        Row(id: "akimat-zhetisu", objective: [1, 5], gross: [13], significant: (15, 0, 0), minor: (5, 0, 0),
            score: 100, exact: "100", category: "high", needsVisit: true, eligible: true, readings: ["12 months"]),
        Row(id: "akimat-abai", objective: [3], gross: [20], significant: (15, 0, 0), minor: (5, 0, 0),
            score: 100, exact: "100", category: "high", needsVisit: true, eligible: true, readings: []),
        Row(id: "education-dept-semey", objective: [2], gross: [], significant: (7, 6, 60), minor: (3, 2, 20),
            score: 80, exact: "80", category: "high", needsVisit: true, eligible: true, readings: ["12 months"]),
        Row(id: "land-dept-ayagoz", objective: [6], gross: [], significant: (12, 10, 58.33), minor: (5, 2, 12),
            score: 70.33, exact: "211/3", category: "high", needsVisit: true, eligible: true, readings: ["between"]),
        Row(id: "akimat-zaisan", objective: [1, 2], gross: [9], significant: (15, 0, 0), minor: (5, 0, 0),
            score: 100, exact: "100", category: "high", needsVisit: true, eligible: false, readings: ["12 months"]),
        Row(id: "akimat-kurchatov", objective: [4], gross: [], significant: (7, 5, 50), minor: (3, 2, 20),
            score: 70, exact: "70", category: "not_high", needsVisit: false, eligible: true, readings: []),
        Row(id: "ctr-beskaragai", objective: [], gross: [], significant: (1, 1, 70), minor: (0, 0, 0),
            score: 70, exact: "70", category: "not_high", needsVisit: false, eligible: true, readings: ["SP1 = 0"]),
        Row(id: "akimat-urdzhar", objective: [1], gross: [], significant: (8, 3, 26.25), minor: (2, 1, 15),
            score: 41.25, exact: "165/4", category: "not_high", needsVisit: false, eligible: false, readings: ["12 months"]),
    ]

    @Test("rasim risk docs/examples/risk-example.json gives the guide's numbers")
    func riskExample() throws {
        let r = try RasimProcess.run(["risk", Self.example])
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        let subjects = try #require(j["subjects"]?.array)
        #expect(subjects.map { $0["id"]?.string ?? "" } == Self.rows.map(\.id))
        for (row, s) in zip(Self.rows, subjects) {
            let id = row.id
            #expect(s["objective"]?["high"]?.bool == !row.objective.isEmpty, "\(id)")
            #expect(s["objective"]?["criteria"]?.ints == row.objective, "\(id)")
            let sub = try #require(s["subjective"])
            #expect(sub["grossViolated"]?.ints == row.gross, "\(id)")
            #expect(sub["significant"]?["assessed"]?.int == row.significant.assessed, "\(id)")
            #expect(sub["significant"]?["violated"]?.int == row.significant.violated, "\(id)")
            #expect(sub["significant"]?["score"]?.number == row.significant.score, "\(id)")
            #expect(sub["minor"]?["assessed"]?.int == row.minor.assessed, "\(id)")
            #expect(sub["minor"]?["violated"]?.int == row.minor.violated, "\(id)")
            #expect(sub["minor"]?["score"]?.number == row.minor.score, "\(id)")
            #expect(sub["score"]?.number == row.score, "\(id)")
            #expect(sub["exactScore"]?.string == row.exact, "\(id)")
            #expect(sub["category"]?.string == row.category, "\(id)")
            #expect(s["needsVisit"]?.bool == row.needsVisit, "\(id)")
            #expect(s["eligible"]?.bool == row.eligible, "\(id)")
            let readings = s["readings"]?.strings ?? []
            #expect(readings.count == row.readings.count, "\(id): \(readings)")
            for (want, got) in zip(row.readings, readings) { #expect(got.contains(want), "\(id): \(got)") }
        }
        #expect(j["list"]?["approvalDue"]?.string == "2025-12-10")
        #expect(j["list"]?["subjects"]?.strings == ["akimat-abai", "akimat-zhetisu", "education-dept-semey", "land-dept-ayagoz"])
        // The readings the guide quotes word for word.
        #expect(subjects[3]["readings"]?[0]?.string == "the score 70.33 lies between the act's bands 0–70 and 71–100: read as above 70, so high — Rasim's reading")
        #expect(subjects[6]["readings"]?[0]?.string == "no minor criteria were assessed (SP1 = 0): that degree contributes 0 — Rasim's reading, the act does not say")
        #expect(subjects[0]["citation"]?.strings == ["PS-RISK-2023 App.1 §4", "PS-RISK-2023 App.1 §9", "PS-RISK-2023 App.1 #13"])
    }

    @Test("rasim checklist score docs/examples/checklist-answers.json gives the guide's numbers")
    func checklistExample() throws {
        let r = try RasimProcess.run(["checklist", "score", Self.answers])
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        #expect(j["subject"]?.string == "akimat-urdzhar")
        #expect(j["answered"]?.int == 19)
        #expect(j["violated"]?.ints == [2, 4, 5, 8])
        #expect(j["subjective"]?["significant"] == .object(["assessed": .int(8), "violated": .int(3), "score": .double(26.25)]))
        #expect(j["subjective"]?["minor"] == .object(["assessed": .int(2), "violated": .int(1), "score": .int(15)]))
        #expect(j["subjective"]?["score"]?.number == 41.25)
        #expect(j["subjective"]?["exactScore"]?.string == "165/4")
        #expect(j["subjective"]?["category"]?.string == "not_high")
        #expect(j["citation"]?.strings == ["PS-RISK-2023 App.2", "PS-RISK-2023 App.1 §9", "PS-RISK-2023 App.1 #2",
                                           "PS-RISK-2023 App.1 #4", "PS-RISK-2023 App.1 #5", "PS-RISK-2023 App.1 #8"])
    }

    @Test("the checklist's riskInput is what the example feeds into the next assessment for akimat-urdzhar")
    func checklistFeedsExample() throws {
        let c = try JSON.parse(try RasimProcess.run(["checklist", "score", Self.answers]).stdout)
        let example = try JSON.parse(String(contentsOfFile: Self.example, encoding: .utf8))
        let urdzhar = try #require(example["subjects"]?.array?.first { $0["id"]?.string == "akimat-urdzhar" })
        #expect(urdzhar["subjective"] == c["riskInput"]?["subjective"])
        #expect(urdzhar["bin"] == c["subject"].flatMap { _ in
            try? JSON.parse(String(contentsOfFile: Self.answers, encoding: .utf8))["bin"]
        })
    }

    @Test("akimat-zaisan, visited 2024-12-11, can go on the list approved by 10 May 2026")
    func zaisanNextList() throws {
        let text = try String(contentsOfFile: Self.example, encoding: .utf8)
            .replacingOccurrences(of: "\"asOf\": \"2025-11-20\"", with: "\"asOf\": \"2025-12-11\"")
        let r = try RasimProcess.risk(text)
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        #expect(j["list"]?["approvalDue"]?.string == "2026-05-10")
        let zaisan = try #require(j["subjects"]?.array?.first { $0["id"]?.string == "akimat-zaisan" })
        #expect(zaisan["eligible"]?.bool == true)
        #expect(j["list"]?["subjects"]?.strings == ["akimat-abai", "akimat-zaisan", "akimat-zhetisu", "education-dept-semey", "land-dept-ayagoz"])
    }

    @Test("the guide's error example gives the error it shows")
    func errorExample() throws {
        let r = try RasimProcess.risk(#"{"asOf": "2025-11-20", "subjects": [{"id": "s1", "objective": {"servicesRenderedLast6Months": 10}, "subjective": {"violated": [36]}}]}"#)
        expectContractError(r, path: "$.subjects[0].objective.complaintsToAuthorizedBodyLast6Months")
        #expect(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"error": {"code": "invalid_input", "message": "missing required field \"complaintsToAuthorizedBodyLast6Months\"", "path": "$.subjects[0].objective.complaintsToAuthorizedBodyLast6Months"}}"#)
    }

    @Test("the guide's checklist facts: criteria #1–19 hold 8 significant, 2 minor and 9 gross")
    func checklistDegrees() {
        let first19 = criteria.subjective.filter { $0.number <= 19 }
        #expect(first19.filter { $0.severity == .significant }.map(\.number) == [1, 2, 3, 5, 7, 8, 10, 18])
        #expect(first19.filter { $0.severity == .minor }.map(\.number) == [4, 6])
        #expect(first19.filter { $0.severity == .gross }.count == 9)
    }

    @Test("the guide states the numbers this test checks")
    func guideStatesTheNumbers() throws {
        let guide = try String(contentsOf: repoRoot.appendingPathComponent("docs/risk.md"), encoding: .utf8)
        for text in ["2025-12-10", "akimat-abai, akimat-zhetisu, education-dept-semey, land-dept-ayagoz",
                     "70.33", "211/3", "58.33", "41.25", "26.25", "165/4", "2024-12-10", "2024-12-11",
                     "rasim risk docs/examples/risk-example.json", "rasim checklist score docs/examples/checklist-answers.json"] {
            #expect(guide.contains(text), "docs/risk.md should state \(text)")
        }
    }
}
