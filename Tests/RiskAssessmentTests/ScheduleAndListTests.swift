import LegalCore
import RiskAssessment
import Testing

/// App.1 §11: lists are approved by 10 December and by 10 May; the next such date on or after `asOf`.
@Suite("Approval dates (App.1 §11)")
struct ApprovalDateTests {
    @Test("next 10 May or 10 December on or after the date", arguments: [
        ("2025-01-01", "2025-05-10"),
        ("2025-05-09", "2025-05-10"),
        ("2025-05-10", "2025-05-10"),
        ("2025-05-11", "2025-12-10"),
        ("2025-11-20", "2025-12-10"),
        ("2025-12-10", "2025-12-10"),
        ("2025-12-11", "2026-05-10"),
        ("2025-12-31", "2026-05-10"),
        ("2028-02-29", "2028-05-10"),
    ])
    func approval(_ asOf: String, _ due: String) {
        #expect(RiskAssessment.approvalDate(onOrAfter: day(asOf)) == day(due))
    }
}

/// App.1 §10: at most one preventive control with a visit a year; the contract reads it as no visit in
/// the 12 months before the list's approval date.
@Suite("Eligibility (App.1 §10)")
struct EligibilityTests {
    @Test("a visit exactly one year before approval still leaves the subject eligible; one day later does not")
    func oneYear() {
        let approval = day("2025-12-10")
        #expect(RiskAssessment.eligible(lastVisit: day("2024-12-10"), approval: approval))
        #expect(!RiskAssessment.eligible(lastVisit: day("2024-12-11"), approval: approval))
        #expect(RiskAssessment.eligible(lastVisit: day("2024-12-09"), approval: approval))
        #expect(!RiskAssessment.eligible(lastVisit: day("2025-12-09"), approval: approval))
        #expect(RiskAssessment.eligible(lastVisit: day("2025-05-10"), approval: day("2026-05-10")))
        #expect(!RiskAssessment.eligible(lastVisit: day("2025-05-11"), approval: day("2026-05-10")))
    }

    @Test("no visit on record → eligible")
    func never() {
        #expect(RiskAssessment.eligible(lastVisit: nil, approval: day("2025-12-10")))
    }

    @Test("29 February: a year before 2028-02-29 is read as 2027-02-28")
    func leapDay() {
        let approval = day("2028-02-29")
        #expect(RiskAssessment.eligible(lastVisit: day("2027-02-28"), approval: approval))
        #expect(!RiskAssessment.eligible(lastVisit: day("2027-03-01"), approval: approval))
        // From a non-leap approval back into a leap year: a visit on 2024-02-29 is less than a year before 2025-02-28.
        #expect(!RiskAssessment.eligible(lastVisit: day("2024-02-29"), approval: day("2025-02-28")))
        #expect(RiskAssessment.eligible(lastVisit: day("2024-02-28"), approval: day("2025-02-28")))
    }
}

/// The preventive-control list (App.1 §6, §10–12).
@Suite("The list")
struct ListTests {
    let asOf = day("2025-11-20")

    func run(_ subjects: [SubjectData], asOf: LocalDate? = nil) throws -> (subjects: [SubjectAssessment], list: PreventiveControlList) {
        try RiskAssessment.assess(subjects, asOf: asOf ?? self.asOf, criteria: criteria)
    }

    @Test("needsVisit only when objectively HIGH and subjectively high")
    func needsVisit() throws {
        let r = try run([
            subject("both", high: true, violated: [9]),            // objective HIGH, 100
            subject("objective-only", high: true, violated: [2]),  // objective HIGH, 4.67
            subject("subjective-only", high: false, violated: [9]), // objective not high, 100
            subject("neither", high: false, violated: []),
        ])
        let byID = Dictionary(uniqueKeysWithValues: r.subjects.map { ($0.id, $0) })
        #expect(byID["both"]?.needsVisit == true)
        #expect(byID["objective-only"]?.needsVisit == false)
        #expect(byID["subjective-only"]?.needsVisit == false)
        #expect(byID["subjective-only"]?.category == .high, "the score is computed for every subject")
        #expect(byID["neither"]?.needsVisit == false)
        #expect(r.list.subjects == ["both"])
    }

    @Test("ordered by score descending, then by id")
    func order() throws {
        let s12m5: Set<Int> = Set(Numbers.significant.prefix(12) + Numbers.minor)
        let r = try run([
            // 70 + 1/3: 10 of 12 significant, 2 of 5 minor
            subject("m-between", assessed: s12m5, violated: Set(Numbers.significant.prefix(10) + Numbers.minor.prefix(2))),
            subject("z-gross", violated: [16]),
            // 80: 15 of 15 significant = 70; 1 of 3 minor = 1·100/3·0.3 = 10
            subject("c-eighty", assessed: Set(Numbers.significant).union(Numbers.minor.prefix(3)), violated: Set(Numbers.significant).union(Numbers.minor.prefix(1))),
            subject("a-gross", violated: [9, 11]),
            subject("b-71", assessed: Set(Numbers.significant.prefix(14) + Numbers.minor), violated: Set(Numbers.significant.prefix(13) + Numbers.minor.prefix(1))),
            subject("y-low", violated: [1]),
        ])
        let scores = Dictionary(uniqueKeysWithValues: r.subjects.map { ($0.id, $0.score) })
        #expect(scores["c-eighty"] == Rational(80))  // 15·100/15·0.7 = 70; 1·100/3·0.3 = 10
        #expect(scores["b-71"] == Rational(71))
        #expect(scores["m-between"] == Rational(211, 3))
        #expect(r.list.subjects == ["a-gross", "z-gross", "c-eighty", "b-71", "m-between"])
        #expect(r.subjects.map(\.id) == ["m-between", "z-gross", "c-eighty", "a-gross", "b-71", "y-low"], "subjects keep the input order")
        #expect(r.list.approvalDue == day("2025-12-10"))
    }

    @Test("ineligible subjects are left off the list but still assessed")
    func ineligible() throws {
        let r = try run([
            subject("visited-in-year", violated: [9], lastVisit: "2024-12-11"),
            subject("visited-a-year-ago", violated: [9], lastVisit: "2024-12-10"),
            subject("never-visited", violated: [9]),
        ])
        #expect(r.list.subjects == ["never-visited", "visited-a-year-ago"])
        let v = try #require(r.subjects.first { $0.id == "visited-in-year" })
        #expect(v.needsVisit && !v.eligible)
    }

    @Test("citations: App.1 §4 and App.1 §9 always, App.1 #n for each gross criterion violated")
    func citations() throws {
        let r = try run([subject("g", violated: [35, 9]), subject("n", violated: [2])])
        #expect(r.subjects[0].citation.map(\.description) == ["PS-RISK-2023 App.1 §4", "PS-RISK-2023 App.1 §9", "PS-RISK-2023 App.1 #9", "PS-RISK-2023 App.1 #35"])
        #expect(r.subjects[1].citation.map(\.description) == ["PS-RISK-2023 App.1 §4", "PS-RISK-2023 App.1 §9"])
    }

    @Test("an empty input gives an empty list with its approval date")
    func empty() throws {
        let r = try run([], asOf: day("2026-01-15"))
        #expect(r.subjects.isEmpty && r.list.subjects.isEmpty)
        #expect(r.list.approvalDue == day("2026-05-10"))
    }

    @Test("refused before the act, and inside its uncertain start (5 May – 31 May 2023)", arguments: ["2023-01-01", "2023-05-04", "2023-05-05", "2023-05-20", "2023-05-31"])
    func actNotInForce(_ date: String) {
        #expect(throws: RiskError.self) { try self.run([subject("s", violated: [])], asOf: day(date)) }
        do {
            _ = try run([subject("s", violated: [])], asOf: day(date))
        } catch let error as RiskError {
            guard case .actNotInForce(let msg) = error else { Issue.record("\(error)"); return }
            #expect(msg.contains(date))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("works from 1 June 2023")
    func inForce() throws {
        let r = try run([subject("s", violated: [9])], asOf: day("2023-06-01"))
        #expect(r.list.approvalDue == day("2023-12-10"))
        #expect(r.list.subjects == ["s"])
    }
}
