import Foundation
import LegalCore
import RiskAssessment
import Testing

/// risk.json against docs/acts.md §4, written out here independently of the data file.
@Suite("PS-RISK-2023 criteria data")
struct CriteriaDataTests {
    /// docs/acts.md §4's table, criterion number → degree: G gross (өрескел), S significant (елеулі),
    /// M minor (елеусіз). Typed from the digest's table row by row, not derived from risk.json.
    static let digestTable: [Int: Character] = [
        1: "S", 2: "S", 3: "S", 4: "M", 5: "S", 6: "M", 7: "S", 8: "S", 9: "G", 10: "S",
        11: "G", 12: "G", 13: "G", 14: "G", 15: "G", 16: "G", 17: "G", 18: "S", 19: "G",
        20: "G", 21: "S",
        22: "M", 23: "G", 24: "S", 25: "S", 26: "G",
        27: "S", 28: "S", 29: "S", 30: "M", 31: "M", 32: "G",
        33: "G", 34: "S", 35: "G",
    ]

    static func letter(_ s: Severity) -> Character? {
        switch s { case .gross: return "G"; case .significant: return "S"; case .minor: return "M"; default: return nil }
    }

    @Test("all 35 severities equal docs/acts.md §4's table")
    func severities() {
        #expect(Self.digestTable.count == 35)
        let data = Dictionary(uniqueKeysWithValues: criteria.subjective.map { ($0.number, Self.letter($0.severity)) })
        #expect(data.count == 35)
        for n in 1...35 {
            #expect(data[n] == Self.digestTable[n], "criterion #\(n): data \(String(describing: data[n])), digest \(String(describing: Self.digestTable[n]))")
        }
    }

    @Test("tallies: 15 gross, 15 significant, 5 minor")
    func tallies() {
        let s = criteria.subjective
        #expect(s.count == 35)
        #expect(s.filter { $0.severity == .gross }.count == 15)
        #expect(s.filter { $0.severity == .significant }.count == 15)
        #expect(s.filter { $0.severity == .minor }.count == 5)
        // The helper sets the other tests build assessed sets from agree with the table too.
        #expect(Set(s.filter { $0.severity == .gross }.map(\.number)) == Numbers.gross)
        #expect(s.filter { $0.severity == .significant }.map(\.number).sorted() == Numbers.significant)
        #expect(s.filter { $0.severity == .minor }.map(\.number).sorted() == Numbers.minor)
    }

    @Test("five information sources group #1–19, #20–21, #22–26, #27–32, #33–35")
    func sources() {
        let expected: [Int: ClosedRange<Int>] = [1: 1...19, 2: 20...21, 3: 22...26, 4: 27...32, 5: 33...35]
        #expect(criteria.sources.map(\.number).sorted() == [1, 2, 3, 4, 5])
        for c in criteria.subjective {
            let range = expected[c.source]
            #expect(range?.contains(c.number) == true, "criterion #\(c.number) is in source \(c.source)")
        }
        for (source, range) in expected {
            #expect(criteria.subjective.filter { $0.source == source }.map(\.number).sorted() == Array(range))
        }
    }

    @Test("every criterion cites its table row and has the seed's kk text")
    func citationsAndTexts() {
        for c in criteria.subjective {
            #expect(c.citation == "PS-RISK-2023 App.1 #\(c.number)")
            #expect(!c.text.kk.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "criterion #\(c.number) has no kk text")
            #expect(!c.text.ru.isEmpty && !c.text.en.isEmpty, "criterion #\(c.number) lacks a translation")
        }
        #expect(criteria.subjective.map(\.number) == Array(1...35), "numbered 1–35 in order")
    }

    @Test("the six objective criteria map to the contract's six input fields")
    func objectiveCriteria() {
        #expect(criteria.objective.map(\.number) == Array(1...6))
        #expect(criteria.objective.map(\.field) == [
            "servicesRenderedLast6Months", "complaintsToAuthorizedBodyLast6Months", "art465LiabilityLastYear",
            "negativeMediaLastYear", "inspectionsLastYear", "refusalsInInternalControlReport",
        ])
        for o in criteria.objective {
            #expect(o.citation == "PS-RISK-2023 App.1 §4.\(o.number)")
            #expect(!o.text.kk.isEmpty)
        }
    }

    @Test("the checklist's 19 requirements are criteria 1–19, in order")
    func checklistRequirements() {
        let r = criteria.checklist.requirements
        #expect(r.count == 19)
        #expect(r.map(\.number) == Array(1...19))
        #expect(r.map(\.criterion) == Array(1...19))
        for q in r { #expect(!q.text.kk.isEmpty && !q.text.ru.isEmpty, "requirement \(q.number)") }
        // App.2's header: state body, appointing body, act of appointment, name, IIN/BIN, address.
        #expect(criteria.checklist.header.map(\.id) == ["stateBody", "appointingBody", "appointmentAct", "subjectName", "iinBin", "address"])
        #expect(criteria.checklist.answers.complies.kk == "Талаптарға сәйкес келеді")
        #expect(criteria.checklist.answers.doesNotComply.kk == "Талаптарға сәйкес келмейді")
    }

    @Test("the data validates, and the rules cite Appendix 1's paragraphs")
    func rules() throws {
        try criteria.validate()
        #expect(criteria.rules["score"] == "PS-RISK-2023 App.1 §9")
        #expect(criteria.rules["visitFrequency"] == "PS-RISK-2023 App.1 §10")
        #expect(criteria.rules["listApproval"] == "PS-RISK-2023 App.1 §11")
        #expect(criteria.rules["listPriority"] == "PS-RISK-2023 App.1 §12")
    }
}
