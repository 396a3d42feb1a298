@testable import AdministrativePractice
import LegalCore
import Testing

/// Rasim's rule of evidence (`RecordedFact`): a fact that meets a term but was entered in the registry only after
/// the term ran out still counts, with a warning the audited body cannot make disappear.
@Suite("ADM-PRACTICE-2025: facts entered after their term")
struct RecordsTests {
    static func day(_ s: String) -> LocalDate { LocalDate(s)! }

    /// As of 20 Nov 2025 (PracticeTests' body): reviews 2025-06-30 (Q2); the 2025-06 report submitted 10 Jun (due 10 Jun);
    /// P-1 changed 6 Apr 2025, due 8 Jul, version 2 approved 9 Jul (late already — a finding of its own).
    static func run(_ recorded: [RecordedFact: LocalDate], reviews: String = #"["2025-06-30"]"#) throws -> PracticeResult {
        let text = PracticeTests.input(asOf: "2025-11-20").replacingOccurrences(of: #""knowledgeBaseReviews": ["2025-06-30"]"#, with: "\"knowledgeBaseReviews\": \(reviews)")
        let (asOf, bodies) = try PracticeTests.parse(text)
        return try Practice.evaluate(asOf: asOf, bodies: bodies, calendar: PracticeTests.calendar, recorded: ["akimat-abai": recorded])
    }

    static func warnings(_ r: PracticeResult) -> [String] {
        r.findings.filter { $0.code == .recordedAfterTerm }.map { "\($0.subject) due=\($0.due!) claimed=\($0.actual!) \($0.citation.map(\.description).joined(separator: ","))" }
    }

    @Test("a quarter met only by a review entered after it ended: the quarter is reviewed, and the warning stays")
    func review() throws {
        let late = try Self.run([RecordedFact(.review, "2025-06-30"): Self.day("2025-07-15")])
        #expect(Self.warnings(late) == ["2025-Q2 due=2025-06-30 claimed=2025-06-30 ADM-PRACTICE-2025 §11"])
        #expect(!late.findings.contains { $0.subject == "2025-Q2" && $0.code == .knowledgeBaseReviewMissed }, "the review counts")
        let message = try #require(late.findings.first { $0.code == .recordedAfterTerm }).message
        #expect(message.ru.contains("2025-07-15") && message.kk.contains("2025-07-15") && message.en.contains("2025-07-15"))
        // Entered on the quarter's last day, or with no day of entry kept: nothing to say.
        #expect(Self.warnings(try Self.run([RecordedFact(.review, "2025-06-30"): Self.day("2025-06-30")])).isEmpty)
        #expect(Self.warnings(try Self.run([:])).isEmpty)
        // Another review of the quarter entered in time is enough.
        let two = try Self.run([RecordedFact(.review, "2025-06-30"): Self.day("2025-07-15"), RecordedFact(.review, "2025-05-05"): Self.day("2025-05-05")],
                               reviews: #"["2025-05-05", "2025-06-30"]"#)
        #expect(Self.warnings(two).isEmpty)
        #expect(late.findings.first { $0.code == .recordedAfterTerm }?.severity == .warning)
    }

    @Test("a report submitted on time by its own account but entered after its due day")
    func report() throws {
        let r = try Self.run([RecordedFact(.report, "2025-06"): Self.day("2025-08-01")])
        #expect(Self.warnings(r) == ["2025-06 due=2025-06-10 claimed=2025-06-10 ADM-PRACTICE-2025 §16"])
        #expect(r.reports.first { $0.period.description == "2025-06" }?.status == .onTime, "the report still counts as on time")
    }

    @Test("an update approved in time by its own account but entered after the term; a late one needs no warning (it is a finding)")
    func version() throws {
        // P-4 (changed 21 and 25 Aug 2025, due 21 and 25 Nov) has no later version; P-1's version 2 (9 Jul) is late
        // against 8 Jul — already a finding, so its entry day adds nothing.
        #expect(Self.warnings(try Self.run([RecordedFact.version("P-1", "2"): Self.day("2025-10-01")])).isEmpty)
        let text = PracticeTests.input(asOf: "2025-11-20").replacingOccurrences(of: #""approvedOn": "2025-07-09""#, with: #""approvedOn": "2025-07-07""#)
        let (asOf, bodies) = try PracticeTests.parse(text)
        let r = try Practice.evaluate(asOf: asOf, bodies: bodies, calendar: PracticeTests.calendar,
                                      recorded: ["akimat-abai": [RecordedFact.version("P-1", "2"): Self.day("2025-10-01")]])
        #expect(Self.warnings(r) == ["P-1 due=2025-07-08 claimed=2025-07-07 ADM-PRACTICE-2025 §13"])
        #expect(!r.findings.contains { $0.subject == "P-1" && $0.code == .actualizationTermBreach })
    }

    @Test("a year's target entered only after the year ended: judged as set, with the warning; a changed target is a new fact")
    func target() throws {
        // PracticeTests' body has a 2025 target of 20 %.
        let late = try Self.run([RecordedFact(.target, "2025=20"): Self.day("2026-01-10")])
        #expect(Self.warnings(late) == ["2025 due=2025-12-31 claimed=2025-12-31 ADM-PRACTICE-2025 §5.7"])
        #expect(Self.warnings(try Self.run([RecordedFact(.target, "2025=20"): Self.day("2025-12-31")])).isEmpty)
        #expect(Self.warnings(try Self.run([RecordedFact(.target, "2025=30"): Self.day("2026-01-10")])).isEmpty, "another value's stamp says nothing of this one")
        let (_, bodies) = try PracticeTests.parse(PracticeTests.input(asOf: "2025-11-20"))
        var abai = try #require(bodies.first { $0.id == "akimat-abai" })
        let before = abai
        abai.targets = [Target(year: 2025, percent: Rational(25))]
        #expect(abai.newFacts(since: before).map(\.description) == ["target:2025=25"])
    }

    @Test("the facts a new state adds: reviews, reports, versions — each once, keyed as the store keeps them")
    func facts() throws {
        let (_, bodies) = try PracticeTests.parse(PracticeTests.input(asOf: "2025-11-20"))
        let abai = try #require(bodies.first { $0.id == "akimat-abai" })
        var later = abai
        later.knowledgeBaseReviews.append(Self.day("2025-10-02"))
        later.reports.append(ReportSubmission(period: HalfYear("2025-12")!, submittedOn: Self.day("2025-12-01")))
        later.procedures[0].instructions.append(Instruction(version: "3", approvedOn: Self.day("2025-11-01"), approver: .head))
        #expect(later.newFacts(since: abai).map(\.description) == ["report:2025-12", "review:2025-10-02", "version:P-1/3"])
        #expect(abai.newFacts(since: abai).isEmpty)
        #expect(RecordedFact("version:P-1/3") == RecordedFact.version("P-1", "3") && RecordedFact("nonsense") == nil)
    }
}
