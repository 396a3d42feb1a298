@testable import AdministrativePractice
import LegalCore
import Testing

/// The dated duties a body still has to do (what the dashboard lists) and §11's quarters (the knowledge base's
/// page): read from the same evaluation as the findings, so the two cannot disagree.
@Suite("ADM-PRACTICE-2025: duties still to do, and the knowledge base by quarter")
struct DutiesTests {
    static func describe(_ d: PracticeDuty) -> String {
        "\(d.body) \(d.subject) \(d.kind.rawValue) due=\(d.due)" + (d.changedOn.map { " changed=\($0)" } ?? "")
    }

    @Test("as of 20 Nov 2025: two updates running, the December report pending, the fourth quarter's review running")
    func running() throws {
        let r = try PracticeTests.run(PracticeTests.input(asOf: "2025-11-20"))
        // P-4: changed 21 and 25 Aug, version A approved before → due Fri 21 Nov and Tue 25 Nov. P-1's change of
        // 6 Apr was met by version 2 (late: a finding, no duty). The 2025-06 report was submitted; 2025-12's is due
        // Wed 10 Dec. 2025-Q4 has no review yet: due 31 Dec. The rural akim is outside the decree: nothing.
        #expect(r.duties.map(Self.describe) == [
            "akimat-abai P-4 actualization due=2025-11-21 changed=2025-08-21",
            "akimat-abai P-4 actualization due=2025-11-25 changed=2025-08-25",
            "akimat-abai 2025-12 report due=2025-12-10",
            "akimat-abai 2025-Q4 knowledge_base_review due=2025-12-31",
        ])
        #expect(r.duties.first?.citation == [Citation(.admPractice2025, "§13")])
        #expect(r.duties.last?.citation == [Citation(.admPractice2025, "§11")])
    }

    @Test("a duty not done stays listed once overdue; a missed quarter is a finding, not a duty (it cannot be done any more)")
    func overdue() throws {
        let r = try PracticeTests.run(PracticeTests.input(asOf: "2026-01-05"))
        let got = r.duties.map(Self.describe)
        #expect(got.contains("akimat-abai P-4 actualization due=2025-11-21 changed=2025-08-21"))
        #expect(got.contains("akimat-abai 2025-12 report due=2025-12-10"), "not submitted: still owed")
        #expect(!got.contains { $0.contains("2025-Q4") } && r.findings.contains { $0.subject == "2025-Q4" && $0.code == .knowledgeBaseReviewMissed })
        #expect(got.contains("akimat-abai 2026-Q1 knowledge_base_review due=2026-03-31"))
        // Every overdue duty has its finding: the dashboard and the findings read one evaluation.
        for d in r.duties where d.due < r.asOf {
            #expect(r.findings.contains { $0.subject == d.subject && $0.due == d.due && $0.code.severity == .violation }, "\(Self.describe(d))")
        }
    }

    @Test("a report submitted, an update approved, a quarter reviewed: nothing left to do")
    func done() throws {
        let reports = #"[{"period": "2025-06", "submittedOn": "2025-06-10"}, {"period": "2025-12", "submittedOn": "2025-11-19"}]"#
        let r = try PracticeTests.run(PracticeTests.input(asOf: "2025-11-20", reports: reports).replacingOccurrences(of: #""knowledgeBaseReviews": ["2025-06-30"]"#, with: #""knowledgeBaseReviews": ["2025-06-30", "2025-10-01"]"#))
        #expect(r.duties.map(Self.describe) == [
            "akimat-abai P-4 actualization due=2025-11-21 changed=2025-08-21",
            "akimat-abai P-4 actualization due=2025-11-25 changed=2025-08-25",
        ])
    }

    @Test("§11's quarters: not required before the quarter after the first placement, then reviewed, missed or running")
    func quarters() throws {
        let (_, bodies) = try PracticeTests.parse(PracticeTests.input(asOf: "2025-11-20"))
        let abai = try #require(bodies.first { $0.id == "akimat-abai" })
        let q = Practice.knowledgeBaseQuarters(abai, asOf: LocalDate(year: 2025, month: 11, day: 20)!)
        // First placed 21 Mar 2025 (Q1): reviews due from Q2.
        #expect(q.map { "\($0.id) \($0.state.rawValue) \($0.reviews.map(\.description).joined(separator: ","))" }
                == ["2025-Q2 reviewed 2025-06-30", "2025-Q3 missed ", "2025-Q4 running "])
        #expect(q.last?.first == LocalDate(year: 2025, month: 10, day: 1)! && q.last?.last == LocalDate(year: 2025, month: 12, day: 31)!)
        // A body that never placed an instruction owes no review; before 2025-Q2 there is no quarter to show.
        var unplaced = abai
        unplaced.procedures = unplaced.procedures.map { var p = $0; p.instructions = p.instructions.map { var i = $0; i.placedOn = nil; return i }; return p }
        #expect(Practice.knowledgeBaseQuarters(unplaced, asOf: LocalDate(year: 2025, month: 11, day: 20)!).allSatisfy { $0.state == .notRequired })
        #expect(Practice.knowledgeBaseQuarters(abai, asOf: LocalDate(year: 2025, month: 3, day: 31)!).isEmpty)
    }
}
