import Foundation
import TestSupport
import Testing

/// `rasim risk FILE` and `rasim checklist template|score` through the executable (docs/reference/risk.md,
/// docs/reference/README.md).
@Suite("rasim risk / checklist (CLI)")
struct CLITests {
    static let objectiveFields = """
        "servicesRenderedLast6Months": 1250, "complaintsToAuthorizedBodyLast6Months": 0, "art465LiabilityLastYear": false,
        "negativeMediaLastYear": false, "inspectionsLastYear": 1, "refusalsInInternalControlReport": false
        """

    /// The contract's input example (with a valid BIN in place of its placeholder text).
    static let contractInput = """
        {"asOf": "2025-11-20", "subjects": [{"id": "akimat-abai", "name": "Akimat", "bin": "140440031745",
          "objective": {\(objectiveFields)}, "subjective": {"violated": [2]}, "lastVisit": "2025-02-14"}]}
        """

    /// One-subject input with the given subject fields after id and objective.
    static func input(asOf: String = "\"2025-11-20\"", objective: String = objectiveFields, extra: String = "") -> String {
        """
        {"asOf": \(asOf), "subjects": [{"id": "s1", "objective": {\(objective)}\(extra.isEmpty ? "" : ", " + extra)}]}
        """
    }

    // MARK: output shape

    @Test("the contract example: output keys and values per docs/reference/risk.md")
    func contractShape() throws {
        let r = try RasimProcess.risk(Self.contractInput)
        #expect(r.status == 0, "\(r)")
        #expect(r.stderr.isEmpty, "\(r)")
        let j = try r.json()
        #expect(Set(try #require(j.object).keys) == ["subjects", "list"])
        let s = try #require(j["subjects"]?[0], "\(r)")
        #expect(j["subjects"]?.array?.count == 1)
        #expect(Set(try #require(s.object).keys).isSuperset(of: ["id", "objective", "subjective", "needsVisit", "eligible", "citation"]))
        #expect(s["id"]?.string == "akimat-abai")
        #expect(s["objective"] == .object(["high": .bool(true), "criteria": .array([.int(1)])]))
        let sub = try #require(s["subjective"])
        #expect(Set(try #require(sub.object).keys).isSuperset(of: ["grossViolated", "significant", "minor", "score", "category"]))
        #expect(sub["grossViolated"] == .array([]))
        #expect(sub["significant"] == .object(["assessed": .int(15), "violated": .int(1), "score": .double(4.67)]))
        #expect(sub["minor"] == .object(["assessed": .int(5), "violated": .int(0), "score": .int(0)]))
        #expect(sub["score"]?.number == 4.67)
        #expect(sub["category"]?.string == "not_high")
        #expect(sub["exactScore"]?.string == "14/3")
        #expect(s["needsVisit"] == .bool(false))
        // docs/reference/risk.md's example shows "eligible": true, but its own rule (no visit in the 12 months
        // before the approval date 2025-12-10) makes a visit on 2025-02-14 ineligible; Rasim follows the rule.
        #expect(s["eligible"] == .bool(false))
        #expect(s["citation"]?.strings == ["PS-RISK-2023 App.1 §4", "PS-RISK-2023 App.1 §9"])
        // risk.md v1.1: the 12-month eligibility is a reading of «жылына бір реттен аспауы тиіс», named.
        #expect(s["readings"]?.strings?.count == 1 && s["readings"]?.strings?.first?.contains("12 months") == true, "\(String(describing: s["readings"]))")
        let list = try #require(j["list"])
        #expect(Set(try #require(list.object).keys).isSuperset(of: ["approvalDue", "subjects"]))
        #expect(list["approvalDue"]?.string == "2025-12-10")
        #expect(list["subjects"] == .array([]))
    }

    @Test("readings are reported on the subject, and gross criteria are cited")
    func readingsAndCitations() throws {
        let r = try RasimProcess.risk("""
            {"asOf": "2025-11-20", "subjects": [
              {"id": "between", "objective": {\(Self.objectiveFields)},
               "subjective": {"assessed": [1, 2, 3, 5, 7, 8, 10, 18, 21, 24, 25, 27, 4, 6, 22, 30, 31],
                              "violated": [1, 2, 3, 5, 7, 8, 10, 18, 21, 24, 4, 6]}},
              {"id": "gross", "objective": {\(Self.objectiveFields)}, "subjective": {"violated": [16, 9]}}]}
            """)
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        let between = try #require(j["subjects"]?[0])
        #expect(between["subjective"]?["score"]?.number == 70.33)
        #expect(between["subjective"]?["exactScore"]?.string == "211/3")
        #expect(between["subjective"]?["category"]?.string == "high")
        #expect(between["readings"]?.strings?.count == 1)
        #expect(between["readings"]?[0]?.string?.contains("between the act's bands") == true)
        let gross = try #require(j["subjects"]?[1])
        #expect(gross["subjective"]?["grossViolated"]?.ints == [9, 16])
        #expect(gross["subjective"]?["score"] == .int(100))
        #expect(gross["citation"]?.strings == ["PS-RISK-2023 App.1 §4", "PS-RISK-2023 App.1 §9", "PS-RISK-2023 App.1 #9", "PS-RISK-2023 App.1 #16"])
        #expect(j["list"]?["subjects"]?.strings == ["gross", "between"])
    }

    @Test("reads the input from a file as well as from standard input")
    func fileArgument() throws {
        let dir = try TempDir()
        let path = try dir.file("in.json", Self.contractInput)
        let fromFile = try RasimProcess.run(["risk", path])
        let fromStdin = try RasimProcess.risk(Self.contractInput)
        #expect(fromFile.status == 0)
        #expect(fromFile.stdout == fromStdin.stdout)
    }

    // MARK: malformed input

    @Test("missing objective field → its path")
    func missingObjectiveField() throws {
        let objective = Self.objectiveFields.replacingOccurrences(of: ", \"inspectionsLastYear\": 1", with: "")
        expectContractError(try RasimProcess.risk(Self.input(objective: objective)), path: "$.subjects[0].objective.inspectionsLastYear")
        expectContractError(try RasimProcess.risk(#"{"asOf": "2025-11-20", "subjects": [{"id": "s1"}]}"#), path: "$.subjects[0].objective")
    }

    @Test("objective flag that is not a boolean, count that is negative or fractional")
    func objectiveTypes() throws {
        let notBool = Self.objectiveFields.replacingOccurrences(of: "\"art465LiabilityLastYear\": false", with: "\"art465LiabilityLastYear\": \"no\"")
        expectContractError(try RasimProcess.risk(Self.input(objective: notBool)), path: "$.subjects[0].objective.art465LiabilityLastYear")
        let negative = Self.objectiveFields.replacingOccurrences(of: "1250", with: "-1")
        expectContractError(try RasimProcess.risk(Self.input(objective: negative)), path: "$.subjects[0].objective.servicesRenderedLast6Months")
        let fraction = Self.objectiveFields.replacingOccurrences(of: "\"inspectionsLastYear\": 1", with: "\"inspectionsLastYear\": 2.5")
        expectContractError(try RasimProcess.risk(Self.input(objective: fraction)), path: "$.subjects[0].objective.inspectionsLastYear")
    }

    @Test("violated not a subset of assessed → path ends with .violated")
    func violatedNotSubset() throws {
        let r = try RasimProcess.risk(Self.input(extra: #""subjective": {"assessed": [1, 2, 3], "violated": [2, 9]}"#))
        let e = expectContractError(r, path: "$.subjects[0].subjective.violated")
        #expect(e?["path"]?.string?.hasSuffix(".violated") == true)
        #expect(e?["message"]?.string?.contains("9") == true, "the message names the criterion")
    }

    @Test("criterion numbers outside 1–35, repeated or not whole numbers")
    func criterionNumbers() throws {
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"violated": [36]}"#)), path: "$.subjects[0].subjective.violated[0]")
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"violated": [2, 0]}"#)), path: "$.subjects[0].subjective.violated[1]")
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"assessed": [1, 36], "violated": []}"#)), path: "$.subjects[0].subjective.assessed[1]")
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"violated": [2, 2]}"#)), path: "$.subjects[0].subjective.violated[1]")
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"violated": ["2"]}"#)), path: "$.subjects[0].subjective.violated[0]")
        expectContractError(try RasimProcess.risk(Self.input(extra: #""subjective": {"assessed": [1]}"#)), path: "$.subjects[0].subjective.violated")
    }

    @Test("duplicate subject ids → the second id's path")
    func duplicateIDs() throws {
        let r = try RasimProcess.risk("""
            {"asOf": "2025-11-20", "subjects": [{"id": "a", "objective": {\(Self.objectiveFields)}},
              {"id": "b", "objective": {\(Self.objectiveFields)}}, {"id": "a", "objective": {\(Self.objectiveFields)}}]}
            """)
        expectContractError(r, path: "$.subjects[2].id")
        expectContractError(try RasimProcess.risk(#"{"asOf": "2025-11-20", "subjects": [{"id": ""}]}"#), path: "$.subjects[0].id")
    }

    @Test("invalid BIN → $.subjects[0].bin", arguments: ["140440031746", "14044003174", "1404400317AB", "optional 12-digit BIN"])
    func invalidBIN(_ bin: String) throws {
        expectContractError(try RasimProcess.risk(Self.input(extra: "\"bin\": \"\(bin)\"")), path: "$.subjects[0].bin")
    }

    @Test("asOf malformed or missing → $.asOf", arguments: ["\"2025-02-30\"", "\"20.11.2025\"", "\"2025-11-20T00:00:00+05:00\"", "20251120", "null"])
    func badAsOf(_ asOf: String) throws {
        expectContractError(try RasimProcess.risk(Self.input(asOf: asOf)), path: "$.asOf")
    }

    @Test("lastVisit malformed → its path")
    func badLastVisit() throws {
        expectContractError(try RasimProcess.risk(Self.input(extra: #""lastVisit": "2025-13-01""#)), path: "$.subjects[0].lastVisit")
    }

    @Test("asOf before the act or inside its uncertain start → act_not_in_force at $.asOf", arguments: ["\"2023-01-01\"", "\"2023-05-20\""])
    func actNotInForce(_ asOf: String) throws {
        expectContractError(try RasimProcess.risk(Self.input(asOf: asOf)), code: "act_not_in_force", path: "$.asOf")
    }

    @Test("asOf 2023-06-01 works")
    func actInForce() throws {
        let r = try RasimProcess.risk(Self.input(asOf: "\"2023-06-01\""))
        #expect(r.status == 0, "\(r)")
        #expect(try r.json()["list"]?["approvalDue"]?.string == "2023-12-10")
    }

    @Test("not JSON, trailing text, empty input, wrong root → invalid_input at $")
    func notJSON() throws {
        for text in ["", "{", "[]", #"{"asOf": "2025-11-20", "subjects": []} x"#, #"{"asOf": "2025-11-20", "subjects": [],}"#] {
            expectContractError(try RasimProcess.risk(text), path: "$")
        }
        expectContractError(try RasimProcess.risk(#"{"asOf": "2025-11-20", "subjects": {}}"#), path: "$.subjects")
    }

    @Test("a file that does not exist → exit 2 with the error object")
    func missingFile() throws {
        expectContractError(try RasimProcess.run(["risk", "/nonexistent/rasim-risk-input.json"]))
    }

    // MARK: checklist template

    @Test("template: 19 requirement rows, A4 page rule, escaped values, kk and ru")
    func template() throws {
        let r = try RasimProcess.run(["checklist", "template", "--subject", "akimat-<x>", "--name", "<script>alert(\"x\")</script>",
                                      "--bin", "140440031745", "--address", "Semey & co", "--act-number", "17", "--act-date", "2025-10-01"])
        #expect(r.status == 0, "\(r)")
        let html = r.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"kk\">"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.components(separatedBy: "<td class=\"n\">").count - 1 == 19)
        for n in 1...19 { #expect(html.contains("<td class=\"n\">\(n)</td>"), "row \(n)") }
        #expect(!html.contains("<script"), "the name must be escaped")
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("akimat-&lt;x&gt;"))
        #expect(html.contains("Semey &amp; co"))
        #expect(html.contains("140440031745"))
        #expect(html.contains("№ 17, 2025-10-01"))
        #expect(html.contains("Талаптарға сәйкес келеді") && html.contains("Талаптарға сәйкес келмейді"))
        let ru = try RasimProcess.run(["checklist", "template", "--subject", "x", "--lang", "ru"])
        #expect(ru.status == 0)
        #expect(ru.stdout.contains("<html lang=\"ru\">") && ru.stdout.contains("Не соответствует требованиям"))
    }

    @Test("template accepts a valid IIN in --bin")
    func templateIIN() throws {
        #expect(try RasimProcess.run(["checklist", "template", "--subject", "x", "--bin", "850714300018"]).status == 0)
    }

    @Test("template: invalid --bin, --lang, --act-date → exit 2 with the option as path")
    func templateErrors() throws {
        expectContractError(try RasimProcess.run(["checklist", "template", "--subject", "x", "--bin", "140440031746"]), path: "--bin")
        expectContractError(try RasimProcess.run(["checklist", "template", "--subject", "x", "--bin", "123"]), path: "--bin")
        expectContractError(try RasimProcess.run(["checklist", "template", "--subject", "x", "--lang", "en"]), path: "--lang")
        expectContractError(try RasimProcess.run(["checklist", "template", "--subject", "x", "--act-date", "2025-02-30"]), path: "--act-date")
        expectContractError(try RasimProcess.run(["checklist", "template"]))
    }

    // MARK: checklist score

    static func answers(_ noncompliant: Set<Int>, of requirements: ClosedRange<Int> = 1...19) -> String {
        let items = requirements.map { "{\"requirement\": \($0), \"complies\": \(!noncompliant.contains($0))}" }
        return "{\"subject\": \"akimat-abai\", \"answers\": [\(items.joined(separator: ", "))]}"
    }

    @Test("checklist score: requirement n not complied with is criterion n violated")
    func checklistScore() throws {
        // Of criteria 1–19: significant 1, 2, 3, 5, 7, 8, 10, 18 (8); minor 4, 6 (2); the rest gross.
        // Not complying with 2, 5 (significant) and 6 (minor): 2·100/8·0.7 = 17.5; 1·100/2·0.3 = 15; 32.5.
        let r = try RasimProcess.run(["checklist", "score", "-"], stdin: Self.answers([2, 5, 6]))
        #expect(r.status == 0, "\(r)")
        let j = try r.json()
        #expect(j["subject"]?.string == "akimat-abai")
        #expect(j["answered"] == .int(19))
        #expect(j["assessed"]?.ints == Array(1...19))
        #expect(j["violated"]?.ints == [2, 5, 6])
        #expect(j["subjective"]?["significant"] == .object(["assessed": .int(8), "violated": .int(2), "score": .double(17.5)]))
        #expect(j["subjective"]?["minor"] == .object(["assessed": .int(2), "violated": .int(1), "score": .int(15)]))
        #expect(j["subjective"]?["score"]?.number == 32.5)
        #expect(j["subjective"]?["category"]?.string == "not_high")
        #expect(j["riskInput"] == .object(["subjective": .object(["assessed": .array((1...19).map(JSON.int)), "violated": .array([.int(2), .int(5), .int(6)])])]))
        #expect(j["citation"]?.strings == ["PS-RISK-2023 App.2", "PS-RISK-2023 App.1 §9", "PS-RISK-2023 App.1 #2", "PS-RISK-2023 App.1 #5", "PS-RISK-2023 App.1 #6"])
    }

    @Test("checklist score with a gross requirement not complied with → 100, high")
    func checklistGross() throws {
        let r = try RasimProcess.run(["checklist", "score", "-"], stdin: Self.answers([16]))
        let j = try r.json()
        #expect(j["subjective"]?["grossViolated"]?.ints == [16])
        #expect(j["subjective"]?["score"] == .int(100))
        #expect(j["subjective"]?["category"]?.string == "high")
    }

    @Test("checklist score's riskInput, fed into rasim risk, gives the same score", arguments: [
        Set<Int>([2, 5, 6]), Set<Int>([1, 2, 3, 5, 7, 8, 10, 18, 4]), Set<Int>([16]), Set<Int>(),
    ])
    func feedsRisk(_ noncompliant: Set<Int>) throws {
        let c = try RasimProcess.run(["checklist", "score", "-"], stdin: Self.answers(noncompliant))
        #expect(c.status == 0, "\(c)")
        let cj = try c.json()
        let riskInput = try #require(cj["riskInput"]?["subjective"])
        let assessed = try #require(riskInput["assessed"]?.ints), violated = try #require(riskInput["violated"]?.ints)
        let input = """
            {"asOf": "2025-11-20", "subjects": [{"id": "akimat-abai", "objective": {\(Self.objectiveFields)},
              "subjective": {"assessed": \(assessed), "violated": \(violated)}}]}
            """
        let r = try RasimProcess.risk(input)
        #expect(r.status == 0, "\(r)")
        let s = try #require(try r.json()["subjects"]?[0]?["subjective"])
        for key in ["score", "exactScore", "category", "significant", "minor", "grossViolated"] {
            #expect(s[key] == cj["subjective"]?[key], "\(key): risk \(String(describing: s[key])), checklist \(String(describing: cj["subjective"]?[key]))")
        }
    }

    @Test("checklist score: malformed answers → exit 2 with the path")
    func checklistErrors() throws {
        func score(_ text: String) throws -> RasimProcess.Result { try RasimProcess.run(["checklist", "score", "-"], stdin: text) }
        expectContractError(try score(#"{"subject": "x"}"#), path: "$.answers")
        expectContractError(try score(#"{"answers": []}"#), path: "$.subject")
        expectContractError(try score(#"{"subject": "x", "answers": [{"requirement": 20, "complies": true}]}"#), path: "$.answers[0].requirement")
        expectContractError(try score(#"{"subject": "x", "answers": [{"requirement": 0, "complies": true}]}"#), path: "$.answers[0].requirement")
        expectContractError(try score(#"{"subject": "x", "answers": [{"requirement": 1, "complies": true}, {"requirement": 1, "complies": false}]}"#), path: "$.answers[1].requirement")
        expectContractError(try score(#"{"subject": "x", "answers": [{"requirement": 1, "complies": "no"}]}"#), path: "$.answers[0].complies")
        expectContractError(try score(#"{"subject": "x", "answers": [{"requirement": 1}]}"#), path: "$.answers[0].complies")
        expectContractError(try score(#"{"subject": "x", "bin": "140440031746", "answers": []}"#), path: "$.bin")
        expectContractError(try score(""), path: "$")
        expectContractError(try score("[]"), path: "$")
    }

    @Test("checklist score: text after the JSON document is invalid input, as for rasim risk")
    func checklistTrailingText() throws {
        // Regression: up to commit 9138255 ChecklistCommand.Score parsed one value and never checked that the
        // input ended there, so `{"subject": "x", "answers": []} xyz` was scored with exit 0. Fixed in 75050f8
        // (ChecklistJSON.input checks p.atEnd, as RiskJSON.input does).
        let r = try RasimProcess.run(["checklist", "score", "-"], stdin: #"{"subject": "x", "answers": []} xyz"#)
        expectContractError(r, path: "$")
    }
}
