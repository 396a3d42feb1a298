import LegalCore
import RiskAssessment
import Testing

/// PS-RISK-2023 App.1 §9 on hand-computed cases: SPз = SP2·100/SP1·0.7 over significant criteria,
/// SPн = SP2·100/SP1·0.3 over minor ones, SP = SPз + SPн; any gross violation → 100.
/// Bands: 71–100 high, 0–70 not high; Rasim reads 70 < SP < 71 as high and SP1 = 0 as a 0 contribution.
@Suite("Subjective score (App.1 §9)")
struct FormulaTests {
    typealias Score = (gross: [Int], significant: DegreeScore, minor: DegreeScore, score: Rational, readings: [LocalizedText])

    func score(assessed: Set<Int>?, violated: Set<Int>) -> Score {
        RiskAssessment.subjective(assessed: assessed, violated: violated, criteria: criteria)
    }

    /// The category the assessment gives (through `assess`, the public path), for an objectively HIGH subject.
    func category(assessed: Set<Int>?, violated: Set<Int>) throws -> RiskCategory {
        let r = try RiskAssessment.assess([subject("s", assessed: assessed, violated: violated)], asOf: day("2025-11-20"), criteria: criteria)
        return r.subjects[0].category
    }

    func significant(_ n: Int) -> Set<Int> { Set(Numbers.significant.prefix(n)) }
    func minor(_ n: Int) -> Set<Int> { Set(Numbers.minor.prefix(n)) }

    @Test("contract example: 1 of 15 significant violated → 4.67, minor 0, total 4.67, not_high")
    func contractExample() throws {
        // 1·100/15·0.7 = 70/15 = 14/3 = 4.666… → 4.67; minor 0·100/5·0.3 = 0.
        let s = score(assessed: nil, violated: [2])
        #expect(s.gross.isEmpty)
        #expect(D(s.significant) == D(15, 1, Rational(14, 3)))
        #expect(D(s.minor) == D(5, 0, .zero))
        #expect(s.score == Rational(14, 3))
        #expect(s.significant.score.display == "4.67")
        #expect(s.minor.score.display == "0")
        #expect(s.score.display == "4.67")
        #expect(s.readings.isEmpty)
        #expect(try category(assessed: nil, violated: [2]) == .notHigh)
    }

    @Test("exactly 70 (10 of 10 significant, no minor assessed) → not_high, with the SP1 = 0 reading")
    func exactlySeventyNoMinor() throws {
        // 10·100/10·0.7 = 70 exactly; minor SP1 = 0 → contributes 0 (Rasim's reading). 70 is in 0–70.
        let assessed = significant(10)
        let s = score(assessed: assessed, violated: assessed)
        #expect(D(s.significant) == D(10, 10, Rational(70)))
        #expect(D(s.minor) == D(0, 0, .zero))
        #expect(s.score == Rational(70))
        #expect(s.score.display == "70")
        #expect(s.readings.count == 1)
        #expect(s.readings.first?.en.contains("no minor criteria were assessed (SP1 = 0)") == true, "\(s.readings)")
        #expect(s.readings.first?.kk.contains("елеусіз дәрежелі") == true && s.readings.first?.ru.contains("«незначительное»") == true)
        #expect(!s.readings.contains { $0.en.contains("between") }, "70 itself is inside the act's 0–70 band")
        #expect(try category(assessed: assessed, violated: assessed) == .notHigh)
    }

    @Test("exactly 70 with both degrees assessed (5 of 7 significant, 2 of 3 minor) → not_high, no reading")
    func exactlySeventyBothDegrees() throws {
        // 5·100/7·0.7 = 50; 2·100/3·0.3 = 20; 50 + 20 = 70.
        let assessed = significant(7).union(minor(3)), violated = significant(5).union(minor(2))
        let s = score(assessed: assessed, violated: violated)
        #expect(s.significant.score == Rational(50))
        #expect(s.minor.score == Rational(20))
        #expect(s.score == Rational(70))
        #expect(s.readings.isEmpty)
        #expect(try category(assessed: assessed, violated: violated) == .notHigh)
    }

    @Test("70 + 1/3 (10 of 12 significant, 2 of 5 minor) → high, with the between-the-bands reading")
    func seventyAndAThird() throws {
        // 10·100/12·0.7 = 700/12 = 175/3 = 58.333…; 2·100/5·0.3 = 12; 175/3 + 36/3 = 211/3 = 70.333… → 70.33.
        let assessed = significant(12).union(minor(5)), violated = significant(10).union(minor(2))
        let s = score(assessed: assessed, violated: violated)
        #expect(D(s.significant) == D(12, 10, Rational(175, 3)))
        #expect(D(s.minor) == D(5, 2, Rational(12)))
        #expect(s.score == Rational(211, 3))
        #expect(s.score.display == "70.33")
        #expect(s.significant.score.display == "58.33")
        #expect(s.readings.count == 1)
        #expect(s.readings.first?.en.contains("the score 70.33 lies between the act's bands 0–70 and 71–100") == true, "\(s.readings)")
        #expect(s.readings.first?.kk.contains("70.33 балы") == true && s.readings.first?.ru.contains("балл 70.33") == true)
        #expect(try category(assessed: assessed, violated: violated) == .high)
    }

    @Test("70.5 (9 of 10 significant, 1 of 4 minor) → high, with the between-the-bands reading")
    func seventyAndAHalf() throws {
        // 9·100/10·0.7 = 63; 1·100/4·0.3 = 7.5; 63 + 7.5 = 70.5 = 141/2.
        let assessed = significant(10).union(minor(4)), violated = significant(9).union(minor(1))
        let s = score(assessed: assessed, violated: violated)
        #expect(s.significant.score == Rational(63))
        #expect(s.minor.score == Rational(15, 2))
        #expect(s.score == Rational(141, 2))
        #expect(s.score.display == "70.5")
        #expect(s.readings.contains { $0.en.contains("between the act's bands") })
        #expect(try category(assessed: assessed, violated: violated) == .high)
    }

    @Test("the smallest score above 70 the formula can give (11 of 12 significant, 1 of 5 minor = 70.17) → high")
    func smallestAboveSeventy() throws {
        // 11·100/12·0.7 = 7700/120 = 385/6 = 64.1666…; 1·100/5·0.3 = 6 = 36/6; sum 421/6 = 70.1666… → 70.17.
        // (A search over SP1 ≤ 15 significant and ≤ 5 minor finds no smaller value in (70, 71).)
        let assessed = significant(12).union(minor(5)), violated = significant(11).union(minor(1))
        let s = score(assessed: assessed, violated: violated)
        #expect(s.score == Rational(421, 6))
        #expect(s.score.display == "70.17")
        #expect(RiskAssessment.threshold < s.score)
        #expect(try category(assessed: assessed, violated: violated) == .high)
    }

    @Test("71 (13 of 14 significant, 1 of 5 minor) → high, no reading")
    func seventyOne() throws {
        // 13·100/14·0.7 = 65; 1·100/5·0.3 = 6; 65 + 6 = 71.
        let assessed = significant(14).union(minor(5)), violated = significant(13).union(minor(1))
        let s = score(assessed: assessed, violated: violated)
        #expect(s.significant.score == Rational(65))
        #expect(s.minor.score == Rational(6))
        #expect(s.score == Rational(71))
        #expect(s.score.display == "71")
        #expect(s.readings.isEmpty)
        #expect(try category(assessed: assessed, violated: violated) == .high)
    }

    @Test("everything significant and minor violated, nothing gross → exactly 100")
    func allNonGross() throws {
        let violated = Set(Numbers.significant + Numbers.minor)
        let s = score(assessed: nil, violated: violated)
        #expect(s.gross.isEmpty)
        #expect(s.significant.score == Rational(70) && s.minor.score == Rational(30))
        #expect(s.score == Rational(100))
        #expect(try category(assessed: nil, violated: violated) == .high)
    }

    @Test("any gross violation → 100 and high, whatever else", arguments: Numbers.gross.sorted())
    func gross(_ n: Int) throws {
        let s = score(assessed: nil, violated: [n])
        #expect(s.gross == [n])
        #expect(s.score == Rational(100))
        #expect(s.score.display == "100")
        // The degree blocks are still reported as computed; the score is 100, not 100 plus them.
        let mixed = score(assessed: nil, violated: [n, 1, 4])
        #expect(mixed.score == Rational(100))
        #expect(mixed.significant.violated == 1 && mixed.minor.violated == 1)
        #expect(try category(assessed: nil, violated: [n]) == .high)
    }

    @Test("several gross violations are all listed, sorted")
    func severalGross() {
        let s = score(assessed: nil, violated: [35, 9, 2, 20])
        #expect(s.gross == [9, 20, 35])
        #expect(s.score == Rational(100))
    }

    @Test("assessed: [] → both degrees SP1 = 0 → 0, two readings, not_high")
    func nothingAssessed() throws {
        let s = score(assessed: [], violated: [])
        #expect(D(s.significant) == D(0, 0, .zero))
        #expect(D(s.minor) == D(0, 0, .zero))
        #expect(s.score == .zero)
        #expect(s.score.display == "0")
        #expect(s.readings.count == 2)
        #expect(s.readings.contains { $0.en.contains("no significant criteria were assessed (SP1 = 0)") })
        #expect(s.readings.contains { $0.en.contains("no minor criteria were assessed (SP1 = 0)") })
        #expect(try category(assessed: [], violated: []) == .notHigh)
    }

    @Test("only gross criteria assessed, none violated → 0 with both SP1 = 0 readings")
    func onlyGrossAssessed() {
        let s = score(assessed: Numbers.gross, violated: [])
        #expect(s.score == .zero)
        #expect(s.readings.count == 2)
    }

    @Test("no subjective data → all 35 assessed, score 0")
    func defaultsToAll35() {
        let s = score(assessed: nil, violated: [])
        #expect(s.significant.assessed == 15 && s.minor.assessed == 5)
        #expect(s.score == .zero)
        #expect(s.readings.isEmpty)
    }
}

/// Rational: exact arithmetic, and rounding half-up to hundredths for display only.
@Suite("Rational and its display")
struct RationalTests {
    @Test("half-up rounding to hundredths", arguments: [
        (Rational(1, 8), 13, "0.13"),          // 0.125 → 0.13 (half-up, not half-even)
        (Rational(1, 3), 33, "0.33"),
        (Rational(2, 3), 67, "0.67"),
        (Rational(107, 40), 268, "2.68"),      // 2.675: binary floating point would give 2.67
        (Rational(201, 200), 101, "1.01"),     // 1.005: likewise 1.0 in Double
        (Rational(1, 200), 1, "0.01"),         // 0.005
        (Rational(3, 400), 1, "0.01"),         // 0.0075
        (Rational(1, 400), 0, "0"),            // 0.0025
        (Rational(14001, 200), 7001, "70.01"), // 70.005
        (Rational(14, 3), 467, "4.67"),
        (Rational(47, 10), 470, "4.7"),
        (Rational(1, 20), 5, "0.05"),
        (Rational(211, 3), 7033, "70.33"),
        (Rational(421, 6), 7017, "70.17"),
        (Rational(70), 7000, "70"),
        (Rational(100), 10000, "100"),
        (Rational.zero, 0, "0"),
    ])
    func display(_ r: Rational, _ hundredths: Int, _ text: String) {
        #expect(r.hundredthsHalfUp == hundredths, "\(r)")
        #expect(r.display == text, "\(r)")
    }

    @Test("normalised, exact, and ordered without floating point")
    func arithmetic() {
        #expect(Rational(140, 2) == Rational(70))
        #expect(Rational(6, 4).numerator == 3 && Rational(6, 4).denominator == 2)
        #expect(Rational(1, 3) + Rational(2, 3) == Rational(1))
        #expect(Rational(7, 10) * Rational(100) == Rational(70))
        #expect(Rational(70) < Rational(7001, 100))
        #expect((Rational(70) < Rational(70)) == false)
        #expect(Rational(6999999, 100000) < Rational(70))
        // 0.1 + 0.2 is not 0.3 in Double; it is here.
        #expect(Rational(1, 10) + Rational(2, 10) == Rational(3, 10))
        #expect(Rational(211, 3).description == "211/3")
        #expect(Rational(70).description == "70")
    }

    @Test("a score just above 70 that displays as 70.01 is still high")
    func displayDoesNotDecide() {
        let r = Rational(14001, 200)
        #expect(RiskAssessment.threshold < r)
        #expect(r.display == "70.01")
        let tiny = Rational(17501, 250) // 70.004 displays as 70 but is high (docs/risk.md §4)
        #expect(tiny.display == "70")
        #expect(RiskAssessment.threshold < tiny)
        let below = Rational(13999, 200) // 69.995 displays as 70 but is not high
        #expect(below.display == "70")
        #expect((RiskAssessment.threshold < below) == false)
    }
}

/// The six objective criteria of App.1 §4 at their thresholds.
@Suite("Objective criteria (App.1 §4)")
struct ObjectiveTests {
    @Test("criterion 1: more than 1000 services", arguments: [(0, false), (999, false), (1000, false), (1001, true), (25000, true)])
    func services(_ n: Int, _ high: Bool) {
        #expect(RiskAssessment.objectiveCriteria(objective(services: n)) == (high ? [1] : []))
    }

    @Test("criterion 2: a complaint to the authorized body", arguments: [(0, false), (1, true), (7, true)])
    func complaints(_ n: Int, _ high: Bool) {
        #expect(RiskAssessment.objectiveCriteria(objective(complaints: n)) == (high ? [2] : []))
    }

    @Test("criterion 5: three or more inspections", arguments: [(0, false), (2, false), (3, true), (4, true)])
    func inspections(_ n: Int, _ high: Bool) {
        #expect(RiskAssessment.objectiveCriteria(objective(inspections: n)) == (high ? [5] : []))
    }

    @Test("criteria 3, 4, 6: each boolean on its own")
    func booleans() {
        #expect(RiskAssessment.objectiveCriteria(objective(art465: true)) == [3])
        #expect(RiskAssessment.objectiveCriteria(objective(media: true)) == [4])
        #expect(RiskAssessment.objectiveCriteria(objective(refusals: true)) == [6])
        #expect(RiskAssessment.objectiveCriteria(objective()) == [])
    }

    @Test("all six at once are all reported, in order")
    func allSix() {
        let o = objective(services: 1001, complaints: 1, art465: true, media: true, inspections: 3, refusals: true)
        #expect(RiskAssessment.objectiveCriteria(o) == [1, 2, 3, 4, 5, 6])
    }
}
