@testable import AdministrativePractice
import BundledData
import LegalCore
import Testing

/// The decree's terms at their edges, each worked out by hand from the act's text and the contract's readings.
@Suite("ADM-PRACTICE-2025 at the edges: month ends, weekends, the decree's first day, instances")
struct PracticeEdgeTests {
    static let calendar = try! BundledData.calendar(overridesPath: nil, environment: [:])
    static func d(_ s: String) -> LocalDate { LocalDate(s)! }
    static func run(_ asOf: String, _ body: Body) throws -> [PracticeFinding] {
        try Practice.evaluate(asOf: d(asOf), bodies: [body], calendar: calendar).findings
    }
    static func procedure(changes: [String], versions: [(String, String)]) -> Procedure {
        Procedure(id: "P", listedOn: d("2025-03-01"), app1: Dictionary(uniqueKeysWithValues: (1...8).map { ($0, "x") }),
                  orderChanges: changes.map(d), instructions: versions.map { v, approved in
                    Instruction(version: v, approvedOn: d(approved), placedOn: d(approved), approver: .head,
                                app2: Dictionary(uniqueKeysWithValues: Registry.requiredRows.map { (String($0), "x") }))
                  })
    }

    @Test("§13: 30 Nov + 3 months is 28 Feb (the month has no 30th), a Saturday in 2026, so Monday 2 March")
    func monthEndAndWeekend() throws {
        let body = Body(id: "b", kind: .central, procedures: [Self.procedure(changes: ["2025-11-30"], versions: [("1", "2025-03-10")])])
        let onTime = try Self.run("2026-03-02", body).filter { $0.code == .actualizationTermBreach || $0.code == .deadlineApproaching }
        #expect(onTime.map(\.code) == [.deadlineApproaching] && onTime.first?.due == Self.d("2026-03-02"), "\(onTime.map { "\($0.code) \(String(describing: $0.due))" })")
        let late = try Self.run("2026-03-03", body).filter { $0.code == .actualizationTermBreach }
        #expect(late.first?.due == Self.d("2026-03-02") && late.first?.lateDays == 1 && late.first?.actual == nil)
    }

    @Test("§13: a change before the decree counts from 28 Feb 2025; a change with no earlier version asks nothing")
    func beforeTheDecree() throws {
        let early = Body(id: "b", kind: .central, procedures: [Self.procedure(changes: ["2025-01-15"], versions: [("1", "2024-12-01")])])
        let f = try Self.run("2025-06-01", early).filter { $0.code == .actualizationTermBreach }
        #expect(f.first?.due == Self.d("2025-05-28") && f.first?.lateDays == 4, "28 Feb + 3 months = 28 May, a Wednesday")
        let noEarlier = Body(id: "b", kind: .central, procedures: [Self.procedure(changes: ["2025-04-01"], versions: [("1", "2025-05-01")])])
        #expect(try Self.run("2025-12-01", noEarlier).filter { $0.code == .actualizationTermBreach }.isEmpty)
        // Met on the due day itself is on time.
        let met = Body(id: "b", kind: .central, procedures: [Self.procedure(changes: ["2025-04-06"], versions: [("1", "2025-03-10"), ("2", "2025-07-08")])])
        #expect(try Self.run("2025-12-01", met).filter { $0.code == .actualizationTermBreach }.isEmpty)
    }

    @Test("§11: reviews from the quarter after the first placement; a review on a quarter's last day counts for it")
    func quarters() throws {
        var body = Body(id: "b", kind: .central, procedures: [Self.procedure(changes: [], versions: [("1", "2025-08-15")])])
        body.knowledgeBaseReviews = [Self.d("2025-12-31")]
        let f = try Self.run("2026-07-02", body).filter { $0.code == .knowledgeBaseReviewMissed }
        // Placed in Q3 2025: from Q4 (reviewed on its last day); Q1 and Q2 2026 missed; Q3 2026 still runs.
        #expect(f.map(\.subject) == ["2026-Q1", "2026-Q2"] && f.map(\.due) == [Self.d("2026-03-31"), Self.d("2026-06-30")])
    }

    @Test("final outcome: the highest instance decided by asOf; finalOn the later of entry into force and that decision")
    func instances() throws {
        let lostOnAppeal = CourtCase(id: "C", field: "f", filedOn: Self.d("2025-03-01"), pretrialHeld: false,
                                     firstInstance: .init(date: Self.d("2025-04-01"), outcome: .forBody),
                                     appeal: .init(date: Self.d("2025-06-01"), outcome: .againstBody), inForceOn: Self.d("2025-05-01"))
        let body = Body(id: "b", kind: .central, courtCases: [lostOnAppeal], targets: [Target(year: 2025, percent: Rational(0))])
        let r = try Practice.evaluate(asOf: Self.d("2025-12-01"), bodies: [body], calendar: Self.calendar)
        #expect(r.indicator.first?.illegal == 1 && r.indicator.first?.share == Rational(100), "the appeal decides: lost")
        #expect(r.findings.contains { $0.code == .lostCaseMeasuresMissing && $0.missing == [10, 11, 12] })
        // Before the appeal was decided, the first instance's outcome stands: won, nothing lost.
        let before = try Practice.evaluate(asOf: Self.d("2025-05-15"), bodies: [body], calendar: Self.calendar)
        #expect(before.indicator.first?.illegal == 0 && before.indicator.first?.decided == 1)
    }

    @Test("§5.7: a target equal to the previous share passes only at 0")
    func targetsAtZero() throws {
        let won = CourtCase(id: "C", field: "f", filedOn: Self.d("2025-03-01"), pretrialHeld: false,
                            firstInstance: .init(date: Self.d("2025-04-01"), outcome: .forBody), inForceOn: Self.d("2025-05-01"))
        let zero = Body(id: "b", kind: .central, courtCases: [won], targets: [Target(year: 2025, percent: Rational(5)), Target(year: 2026, percent: Rational(0))])
        #expect(try Self.run("2026-02-01", zero).filter { $0.code == .targetIndicatorNotDecreasing }.isEmpty, "0 after a share of 0")
        let above = Body(id: "b", kind: .central, courtCases: [won], targets: [Target(year: 2025, percent: Rational(5)), Target(year: 2026, percent: Rational(1))])
        #expect(try Self.run("2026-02-01", above).filter { $0.code == .targetIndicatorNotDecreasing }.map(\.subject) == ["2026"])
    }
}
