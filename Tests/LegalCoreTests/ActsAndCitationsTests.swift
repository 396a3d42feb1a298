import Testing
import Foundation
@testable import LegalCore

@Suite("Citation")
struct CitationTests {
    @Test("parses ACT-ID place and renders it back", arguments: [
        ("PS-RISK-2023 App.1 #16", "PS-RISK-2023", "App.1 #16"),
        ("MODEL-REG-2008 §36", "MODEL-REG-2008", "§36"),
        ("ADM-PRACTICE-2025 §16", "ADM-PRACTICE-2025", "§16"),
        ("PROSEC-ADM-2015 §6 (1)", "PROSEC-ADM-2015", "§6 (1)"),
        ("PS-VIOLATIONS-2025 Stage I case 1", "PS-VIOLATIONS-2025", "Stage I case 1"),
        ("CIVIL-CODE-1994 Art. 176", "CIVIL-CODE-1994", "Art. 176"),
    ])
    func parses(text: String, act: String, place: String) throws {
        let c = try Citation(parsing: text)
        #expect(c.act == ActID(act))
        #expect(c.place == place)
        #expect(c.description == text)
        #expect(c == Citation(ActID(act), place))
    }

    @Test("an unknown act is refused with unknownAct", arguments: ["FOO-2020 §1", "PS-RISK-2024 §2.6", "ps-risk-2023 §2.6"])
    func unknownAct(text: String) {
        let id = String(text.split(separator: " ")[0])
        #expect(throws: LegalError.unknownAct(id)) { try Citation(parsing: text) }
    }

    @Test("a citation without a place is refused", arguments: ["PS-RISK-2023", "PS-RISK-2023 ", "PS-RISK-2023    ", " PS-RISK-2023 §1", "", " "])
    func noPlace(text: String) {
        #expect(throws: LegalError.invalidCitation(text)) { try Citation(parsing: text) }
    }

    @Test("Codable uses the text form and validates it")
    func codable() throws {
        let c = Citation(.psRisk2023, "App.1 #16")
        #expect(try JSONEncoderLite.encode(c) == "\"PS-RISK-2023 App.1 #16\"")
        #expect(try JSONEncoderLite.decode(Citation.self, "\"MODEL-REG-2008 §36\"") == Citation(.modelReg2008, "§36"))
        #expect(throws: (any Error).self) { try JSONEncoderLite.decode(Citation.self, "\"NOPE-1 §1\"") }
        #expect(throws: (any Error).self) { try JSONEncoderLite.decode(Citation.self, "\"PS-RISK-2023\"") }
    }
}

@Suite("Acts registry")
struct ActsTests {
    static let domainTable: [(id: String, adopted: String)] = [
        ("ADM-PRACTICE-2025", "2025-02-28"),
        ("PS-VIOLATIONS-2025", ""), // guidance dated only by its year
        ("PROSEC-ADM-2015", "2015-03-11"),
        ("PS-RISK-2023", "2023-05-04"),
        ("MODEL-REG-2008", "2008-03-26"),
    ]

    @Test("the five acts of docs/acts.md's table exist, are implemented, and have kk/ru/en titles", arguments: domainTable.map(\.id))
    func exists(id: String) throws {
        let act = try #require(Acts.find(ActID(id)))
        #expect(act.implemented)
        #expect(Acts.implemented.contains(act))
        for l in Language.allCases { #expect(!act.title[l].trimmingCharacters(in: .whitespaces).isEmpty, "\(id) \(l)") }
        #expect(act.title.kk != act.title.en)
        #expect(act.title.ru != act.title.en)
        #expect(!act.note.isEmpty)
    }

    @Test("adoption dates as in docs/acts.md", arguments: domainTable)
    func adopted(entry: (id: String, adopted: String)) throws {
        let act = try #require(Acts.find(ActID(entry.id)))
        if entry.adopted.isEmpty {
            #expect(act.adopted.year == 2025)
        } else {
            #expect(act.adopted == date(entry.adopted))
        }
        #expect(act.validity.from >= act.adopted, "\(entry.id) in force before it was adopted")
    }

    @Test("ids are unique and the named constants resolve")
    func unique() {
        let ids = Acts.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Acts.implemented.count == 5)
        for id in [ActID.admPractice2025, .psViolations2025, .prosecAdm2015, .psRisk2023, .modelReg2008] {
            #expect(Acts.find(id)?.implemented == true)
        }
        #expect(Acts.find("NOPE-2000") == nil)
        #expect(Acts.referenced.allSatisfy { !$0.implemented })
    }

    @Test("ADM-PRACTICE-2025 in force from signing")
    func admPractice() throws {
        let a = try #require(Acts.find(.admPractice2025))
        #expect(a.validity.status(on: date("2025-02-27")) == .notYetInForce)
        #expect(a.validity.status(on: date("2025-02-28")) == .inForce)
        #expect(a.repeal == .notRepealed)
    }

    @Test("PROSEC-ADM-2015: in force from registration 2015-04-14, repealed in 2018 with an uncertain end")
    func prosec() throws {
        let a = try #require(Acts.find(.prosecAdm2015))
        #expect(a.validity.from == date("2015-04-14"))
        #expect(a.validity.status(on: date("2015-04-13")) == .notYetInForce)
        #expect(a.validity.status(on: date("2015-04-14")) == .inForce)
        #expect(a.validity.status(on: date("2017-01-01")) == .inForce)
        guard case .repealedUncertain(let earliest, let assumed, _) = a.repeal else { Issue.record("\(a.repeal)"); return }
        #expect(earliest == date("2018-05-13") && assumed.year == 2018)
        #expect(a.validity.status(on: date("2019-01-01")) == .noLongerInForce)
        guard case .uncertain(let note) = a.validity.status(on: date("2018-05-20")) else {
            Issue.record("2018-05-20 should be uncertain, got \(a.validity.status(on: date("2018-05-20")))"); return
        }
        #expect(!note.isEmpty)
        // Order No. 60 of 2 May 2018 cannot have taken effect before 10 days after 2 May.
        #expect(a.validity.status(on: date("2018-05-12")) == .inForce)
        #expect(throws: LegalError.self) { try a.requireInForce(on: date("2019-01-01")) }
        #expect(throws: LegalError.self) { try a.requireInForce(on: date("2018-05-20")) }
        try a.requireInForce(on: date("2016-06-01"))
    }

    @Test("PS-RISK-2023: adopted 4 May 2023, in force from its May 2023 publication")
    func psRisk() throws {
        let a = try #require(Acts.find(.psRisk2023))
        #expect(a.validity.status(on: date("2023-05-04")) == .notYetInForce)
        #expect(a.validity.status(on: date("2023-07-01")) == .inForce)
        #expect(a.validity.status(on: date("2025-03-03")) == .inForce)
        #expect(a.repeal == .notRepealed)
        #expect(a.validity.from.year == 2023 && a.validity.from.month == 5)
    }

    @Test("MODEL-REG-2008: in force from signing, repealed in 2019")
    func modelReg() throws {
        let a = try #require(Acts.find(.modelReg2008))
        #expect(a.validity.status(on: date("2008-03-25")) == .notYetInForce)
        #expect(a.validity.status(on: date("2008-03-26")) == .inForce)
        #expect(a.validity.status(on: date("2015-01-01")) == .inForce)
        #expect(a.validity.status(on: date("2020-01-01")) == .noLongerInForce)
        #expect(a.validity.status(on: date("2020-12-31")) == .noLongerInForce)
        guard case .repealedUncertain(let earliest, _, _) = a.repeal else { Issue.record("\(a.repeal)"); return }
        #expect(earliest.year == 2019)
        #expect(throws: LegalError.actNotInForce(act: .modelReg2008, date: date("2020-06-01"), status: .noLongerInForce)) {
            try a.requireInForce(on: date("2020-06-01"))
        }
    }
}

@Suite("Counting conventions and severities")
struct ConventionTests {
    @Test("every convention has citations of registered acts and kk/ru/en statements", arguments: CountingConvention.allCases)
    func convention(c: CountingConvention) throws {
        #expect(!c.citations.isEmpty)
        for cit in c.citations {
            #expect(Acts.find(cit.act) != nil, "\(c) cites unknown act \(cit.act)")
            #expect(!cit.place.isEmpty)
            #expect(try Citation(parsing: cit.description) == cit)
        }
        for l in Language.allCases { #expect(!c.statement[l].isEmpty) }
        #expect(Set([c.statement.kk, c.statement.ru, c.statement.en]).count == 3)
        // "Where the basis is Rasim's own reading … isReading is true and the statement says so."
        for l in Language.allCases {
            #expect(c.statement[l].contains("Rasim") == c.isReading, "\(c) \(l): isReading \(c.isReading)")
        }
    }

    @Test("convention ids are unique snake_case")
    func ids() {
        let raw = CountingConvention.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for r in raw { #expect(r.allSatisfy { $0.isLowercase || $0 == "_" }, "\(r)") }
    }

    @Test("the three degrees cite PS-RISK-2023 App.1 §2.6–2.8 (gross, significant, minor; risk.md v1.1: Appendix 1's paragraphs)", arguments: [
        (Severity.gross, "App.1 §2.6"), (.significant, "App.1 §2.7"), (.minor, "App.1 §2.8"),
    ])
    func degrees(s: Severity, place: String) throws {
        let c = try #require(s.citation)
        #expect(c.act == .psRisk2023)
        #expect(c.place == place)
        #expect(try Citation(parsing: c.description) == c)
    }

    @Test("non-degrees have no citation; every severity has labels")
    func nonDegrees() {
        #expect(Severity.none.citation == nil)
        #expect(Severity.warning.citation == nil)
        for s in Severity.allCases { for l in Language.allCases { #expect(!s.label[l].isEmpty) } }
        #expect(Set(Severity.allCases.map(\.label.en)).count == Severity.allCases.count)
    }

    @Test("a Finding keeps the citations it is built with")
    func finding() {
        let c = [Citation(.psRisk2023, "App.1 #16"), Citation(.psViolations2025, "Stage II case 9")]
        let f = Finding(subject: "A-1", code: "term_breach", severity: .gross, stage: "review", citation: c,
                        due: date("2025-03-10"), actual: date("2025-03-13"), lateWorkingDays: 3,
                        message: LocalizedText(kk: "к", ru: "р", en: "e"),
                        explanation: Explanation(rule: c[0], requirement: LocalizedText(kk: "к", ru: "р", en: "e")))
        #expect(f.citation == c)
        #expect(!f.citation.isEmpty)
        #expect(f.severity.citation?.act == .psRisk2023)
    }
}
