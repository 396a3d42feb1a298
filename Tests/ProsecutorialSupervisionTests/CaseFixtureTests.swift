import BundledData
import Foundation
import JSONKit
import LegalCore
import ProsecutorialSupervision
import ProsecutorialSupervisionFeature
import TestSupport
import Testing
import WorkCalendar

/// Legal case fixtures for PROSEC-ADM-2015 (Prosecutor General Order No. 40 of 11 Mar 2015, amended by Order No. 20 of
/// 29 Jan 2016, repealed by Order No. 60 of 2 May 2018; seed 002, docs/acts.md §3, docs/reference/supervision.md): one JSON file per
/// rule in `Fixtures/` — each §6 category, each routing basis of §7 and §9, every term of the act (§13, §16, §17, §10, §18,
/// §22, §20/§28/§7), the authority of §13 and §25, the returns of §27, the indicators of §22–24, and each validity window.
///
/// Each file holds a complete `rasim supervision` input (with `asOf`), the prosecutor's account with the worked-out dates
/// (`story`), and the complete list of findings the act and the contract expect (`expected`); optionally the rows it pins
/// (`cases`, `applications`, `reports`), the `schedule` and the `kpis`. The input runs through the command's own path —
/// `SupervisionJSON.input` → `Supervision.evaluate` → `SupervisionJSON.output` — and the expectations are compared with the
/// contract's wire format (the output JSON), not with the engine's values. A fixture marked `"knownIssue"` records an engine
/// answer that disagrees with the act or the contract: it keeps the lawful expectation and is meant to fail until the engine
/// is fixed.
@Suite("Case fixtures (PROSEC-ADM-2015)")
struct SupervisionCaseFixtureTests {
    static let calendar = try! BundledData.calendar(overridesPath: nil, environment: [:])

    /// The fixture files bundled with the test target, by name.
    static let fixtureNames = JSONCanon.fixtureFiles(Bundle.module)

    static let act = "PROSEC-ADM-2015 "

    // MARK: The contract's table, transcribed from docs/reference/supervision.md (not from the engine)

    /// Each code's severity and the places it «cites at least», where the table gives them outright. The codes whose place
    /// depends on the subject are resolved by `requiredCitations`: `participation_missing` (§6 item N of each category),
    /// `protest_by_unauthorized` (§13 for an appeal protest, §25 for a cassation protest), `report_late` (§20, §28 or §7 by the
    /// report's kind), `deadline_approaching` (the obligation's places), `outside_validity` (Order p.7 before registration, the
    /// header's repeal note after).
    static let contract: [String: (severity: String, citations: [String])] = [
        "outside_validity": ("none", []),
        "wording_not_held": ("none", [notesCitation]),
        "participation_missing": ("violation", []),
        "appeal_participation_missing": ("violation", ["§8"]),
        "specialized_not_notified": ("violation", ["§7"]),
        "study_late": ("violation", ["§16", "§17"]),
        "protest_term_missed": ("violation", ["§13", "§17"]),
        "protest_by_unauthorized": ("violation", []),
        "substantive_conclusion_late": ("violation", ["§10"]),
        "consent_request_late": ("violation", ["§22"]),
        "requisition_instruction_late": ("violation", ["§18"]),
        "court_requisition_late": ("none", ["§18"]),
        "application_not_returned": ("violation", ["§27"]),
        "application_returned_without_ground": ("violation", ["§27"]),
        "report_late": ("violation", []),
        "deadline_approaching": ("warning", []),
    ]

    /// The table's wording note, as the contract writes it, and the same with its «…» spelled out from the list of reworded
    /// paragraphs the contract gives just above (either form is accepted: the contract does not say which).
    static let notesCitation = "notes to §6, 7, …: Order No. 20 of 29.01.2016"
    static let notesCitationExpanded = "notes to §6, 7, 9, 10, 11, 14, 15, 17, 18, 22, 23, 26, 27, 28: Order No. 20 of 29.01.2016"

    /// The term each late code measures (its `obligation` field), and each obligation's places.
    static let obligationOf: [String: String] = [
        "study_late": "study", "protest_term_missed": "protest", "substantive_conclusion_late": "conclusion",
        "consent_request_late": "consent_request", "requisition_instruction_late": "requisition",
        "court_requisition_late": "court_requisition", "report_late": "report",
    ]
    static let obligationCitations: [String: [String]] = [
        "study": ["§16", "§17"], "protest": ["§13", "§17"], "conclusion": ["§10"], "consent_request": ["§22"],
        "requisition": ["§18"], "court_requisition": ["§18"],
    ]
    static let reportCitation = ["quarterly_analysis": "§20", "monthly_study": "§28", "regional_report": "§28", "reconciliation": "§7"]
    static let categoryItem = ["minor": 1, "arrest": 1, "higher_prosecutor": 2, "prosecutor_initiated": 3, "corruption": 4,
                               "electoral": 5, "environment": 6, "taxation": 7, "customs": 8, "confiscation": 9, "expulsion": 10,
                               "demolition": 11, "complaint_ch44": 12, "complaint_ch45": 13]
    /// The paragraphs Order No. 20 reworded: a subject judged by the 2015 wording (or in the uncertain window) cites none of
    /// them (the contract: «§17 (2016 wording) is cited only when in force»).
    static let amended: Set<String> = ["§6", "§7", "§9", "§10", "§11", "§14", "§15", "§17", "§18", "§22", "§23", "§26", "§27", "§28"]

    /// What the fixture or the output says about the subjects, for the citations that depend on them.
    struct Context {
        var reportKinds: [String: String] = [:]
        var protestStages: [String: String] = [:]
        var caseCategories: [String: [String]] = [:]
        /// Subjects (`kind id`) judged by a `wording_*` status.
        var wordingSubjects: Set<String> = []
    }

    /// The places a finding must cite, with the act's id (nil: the finding names something the contract does not define).
    static func requiredCitations(_ f: JSONValue, _ ctx: Context) -> [String]? {
        let code = f["code"]?.string ?? "?", subject = f["subject"]?.string ?? "?", kind = f["subjectKind"]?.string ?? "?"
        guard let row = contract[code] else { return nil }
        var places: [String]
        switch code {
        case "outside_validity":
            places = [f["validity"]?.string == "not_yet_in_force" ? "Order p.7" : "header: repealed by Order No. 60 of 02.05.2018"]
        case "participation_missing":
            guard let cats = ctx.caseCategories[subject] else { return [] }
            places = Array(Set(cats.compactMap { categoryItem[$0] })).sorted().map { "§6 item \($0)" }
        case "protest_by_unauthorized":
            guard let stage = ctx.protestStages[f["protest"]?.string ?? ""] else { return nil }
            places = [stage == "cassation" ? "§25" : "§13"]
        case "report_late":
            guard let p = reportCitation[ctx.reportKinds[subject] ?? ""] else { return nil }
            places = [p]
        case "deadline_approaching":
            let obligation = f["obligation"]?.string ?? ""
            if obligation == "report" {
                guard let p = reportCitation[ctx.reportKinds[subject] ?? ""] else { return nil }
                places = [p]
            } else {
                guard let p = obligationCitations[obligation] else { return nil }
                places = p
            }
        default:
            places = row.citations
        }
        if ctx.wordingSubjects.contains("\(kind) \(subject)") { places = places.filter { !amended.contains($0) } }
        return places.map { act + $0 }
    }

    /// «Cites at least»: every place wanted is among those given (the wording note in either of its forms).
    static func citesAtLeast(_ want: [String], _ got: [String]) -> Bool {
        let given = Set(got)
        return want.allSatisfy { w in
            given.contains(w)
                || (w == act + notesCitation && given.contains(act + notesCitationExpanded))
                || (w == act + notesCitationExpanded && given.contains(act + notesCitation))
        }
    }

    /// The finding fields the contract names (besides `message`), compared exactly (absent = null), and the two a code
    /// carries by the table: `protest` (authority, protest term) and `validity` (the status findings).
    static let findingFields = ["subjectKind", "subject", "code", "severity", "obligation", "due", "actual", "lateDays", "lateWorkingDays"]
    static let codeFields: [String: [String]] = [
        "protest_term_missed": ["protest"], "protest_by_unauthorized": ["protest"],
        "outside_validity": ["validity"], "wording_not_held": ["validity"],
    ]
    static func comparedFields(_ e: JSONValue) -> [String] {
        var fields = findingFields + (codeFields[e["code"]?.string ?? ""] ?? [])
        for k in ["protest", "validity"] where e[k] != nil && !fields.contains(k) { fields.append(k) }
        return fields
    }

    // MARK: The fixtures

    @Test("fixture", arguments: SupervisionCaseFixtureTests.fixtureNames)
    func fixture(_ file: String) throws {
        let fixture = try SupervisionFixture(file: file)
        if let issue = fixture.knownIssue {
            // Kept deliberately: the expectations below are the lawful ones; failures here are the engine's.
            print("[\(file)] knownIssue: \(issue)")
        }
        let note = fixture.knownIssue.map { " (knownIssue: \($0))" } ?? ""

        // The path of `rasim supervision`: the codec, the engine, the contract's JSON.
        let text = JSONCanon.render(fixture.input)
        let output: JSONValue
        do {
            let input = try Array(text.utf8).withUnsafeBytes { b throws(InputError) in try SupervisionJSON.input(b) }
            let result = try Supervision.evaluate(input, calendar: Self.calendar)
            output = try JSONParser.document(SupervisionJSON.output(result))
        } catch {
            Issue.record("[\(file)] the input was refused: \(error)\(note)")
            return
        }
        guard case .array(let findingValues)? = output["findings"] else {
            Issue.record("[\(file)] the output has no findings array\(note)")
            return
        }

        // What the citations depend on: the input's report kinds and protest stages, the output's categories and statuses.
        var ctx = Context()
        for r in fixture.input["reports"]?.items ?? [] { ctx.reportKinds[r["id"]?.string ?? ""] = r["kind"]?.string }
        for c in fixture.input["cases"]?.items ?? [] {
            for p in c["protests"]?.items ?? [] { ctx.protestStages[p["id"]?.string ?? ""] = p["stage"]?.string }
        }
        for (kind, list) in [("case", "cases"), ("application", "applications"), ("report", "reports")] {
            for row in output[list]?.items ?? [] {
                let id = row["id"]?.string ?? ""
                if kind == "case" { ctx.caseCategories[id] = row["categories"]?.asStrings }
                if (row["validity"]?.string ?? "").hasPrefix("wording_") { ctx.wordingSubjects.insert("\(kind) \(id)") }
            }
        }

        // Every finding is what the contract's table says of its code (severity, citations), with a message in all three
        // languages.
        for f in findingValues {
            let at = "[\(file)] \(Self.describe(f))"
            let code = f["code"]?.string ?? "?"
            guard let row = Self.contract[code], let cites = Self.requiredCitations(f, ctx) else {
                Issue.record("\(at): a code (or a subject of it) the contract does not define\(note)"); continue
            }
            #expect(f["severity"]?.string == row.severity, "\(at): severity \(JSONCanon.render(f["severity"])), the contract says \(row.severity)\(note)")
            let cited = f["citation"]?.asStrings ?? []
            #expect(Self.citesAtLeast(cites, cited), "\(at): cites \(cited), the contract asks at least \(cites)\(note)")
            if let obligation = Self.obligationOf[code] {
                #expect(f["obligation"]?.string == obligation, "\(at): obligation \(JSONCanon.render(f["obligation"])), the term is \(obligation)\(note)")
            }
            for lang in ["kk", "ru", "en"] {
                let message = (f["message"]?[lang]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(message != "", "\(at): no \(lang) message\(note)")
            }
        }

        // The complete set of findings: each expected one present with exactly its fields, nothing else.
        let key = { (v: JSONValue) in [v["subjectKind"]?.string, v["subject"]?.string, v["code"]?.string] }
        for problem in JSONCanon.compare(expected: fixture.expected, reported: findingValues, key: key, mismatches: Self.mismatches, describe: Self.describe) {
            Issue.record("[\(file)] \(problem)\(note)")
        }

        // The contract's order: by subject kind (case, application, report), id, code (texts by code point).
        let rank = ["case": "0", "application": "1", "report": "2"]
        let order = findingValues.map { f in [rank[f["subjectKind"]?.string ?? ""] ?? "9", f["subject"]?.string ?? "", f["code"]?.string ?? ""] }
        for (a, b) in zip(order, order.dropFirst()) {
            #expect(!Self.precedes(b, a), "[\(file)] findings out of the contract's order: \(a) before \(b)")
        }

        // One row per subject of the input, and a summary that agrees with the findings.
        let summary = output["summary"]
        for list in ["cases", "applications", "reports"] {
            let n = fixture.input[list]?.items?.count ?? 0
            #expect((output[list]?.items?.count ?? 0) == n, "[\(file)] \(list): \(output[list]?.items?.count ?? 0) rows, the input has \(n)\(note)")
            #expect(summary?[list]?.asNumber == Double(n), "[\(file)] summary.\(list) \(JSONCanon.render(summary?[list])), the input has \(n)\(note)")
        }
        #expect(summary?["findings"]?.asNumber == Double(findingValues.count), "[\(file)] summary.findings\(note)")
        var byCode: [String: Double] = [:]
        for f in findingValues { byCode[f["code"]?.string ?? "?", default: 0] += 1 }
        if case .object(let pairs)? = summary?["byCode"] {
            let got = Dictionary(pairs.map { ($0.0, $0.1.asNumber ?? -1) }, uniquingKeysWith: { a, _ in a }).filter { $0.value != 0 }
            #expect(got == byCode, "[\(file)] summary.byCode \(got), the findings give \(byCode)\(note)")
        } else {
            Issue.record("[\(file)] summary.byCode missing\(note)")
        }

        // The rows, the schedule and the indicators the fixture pins.
        Self.compareRows(file, "cases", expected: fixture.cases, got: output["cases"]?.items ?? [], note: note)
        Self.compareRows(file, "applications", expected: fixture.applications, got: output["applications"]?.items ?? [], note: note)
        Self.compareRows(file, "reports", expected: fixture.reports, got: output["reports"]?.items ?? [], note: note)
        for (name, pinned, got) in [("schedule", fixture.schedule, output["schedule"]), ("kpis", fixture.kpis, output["kpis"])] {
            guard let pinned else { continue }
            for (k, v) in pinned.asPairs where !JSONCanon.same(v, got?[k]) {
                Issue.record("[\(file)] \(name).\(k): \(JSONCanon.render(got?[k])), expected \(JSONCanon.render(v))\(note)")
            }
        }
    }

    /// Rows identified by `id`: the complete set, each with the fields the fixture names.
    static func compareRows(_ file: String, _ name: String, expected: [JSONValue]?, got: [JSONValue], note: String) {
        guard let expected else { return }
        let id = { (v: JSONValue) in v["id"]?.string ?? "?" }
        #expect(Set(got.map(id)) == Set(expected.map(id)) && got.count == expected.count,
                "[\(file)] \(name) rows: \(got.map(id)), expected \(expected.map(id))\(note)")
        for e in expected {
            guard let g = got.first(where: { id($0) == id(e) }) else { continue }
            for (k, v) in e.asPairs where !JSONCanon.same(v, g[k]) {
                Issue.record("[\(file)] \(name) \(id(e)): \(k) \(JSONCanon.render(g[k])), expected \(JSONCanon.render(v))\(note)")
            }
        }
    }

    /// What differs between an expected finding and one in the output (empty when it matches).
    static func mismatches(_ e: JSONValue, _ f: JSONValue) -> [String] {
        var out: [String] = []
        for k in comparedFields(e) where !JSONCanon.same(e[k], f[k]) {
            out.append("\(k): expected \(JSONCanon.render(e[k])), engine gave \(JSONCanon.render(f[k]))")
        }
        let want = e["citation"]?.asStrings ?? [], got = f["citation"]?.asStrings ?? []
        if !citesAtLeast(want, got) { out.append("citation: expected at least \(want), engine gave \(got)") }
        return out
    }

    static func describe(_ f: JSONValue) -> String {
        (findingFields + ["protest", "validity"]).filter { $0 != "severity" }.compactMap { k in
            guard let v = f[k], !JSONCanon.same(v, nil) else { return nil }
            return ["subjectKind", "subject", "code"].contains(k) ? (v.string ?? JSONCanon.render(v)) : "\(k)=\(JSONCanon.render(v))"
        }.joined(separator: " ")
    }

    /// Lists of texts by code point, element by element.
    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) }
        return false
    }

    // MARK: Coverage and the fixtures' own consistency

    @Test("every finding code of the contract is expected by at least one fixture, and each term's deadline warning")
    func coverage() throws {
        let names = Self.fixtureNames
        #expect(names.count >= 25, "fixtures found in the bundle: \(names.count)")
        var codes: Set<String> = [], warned: Set<String> = []
        for file in names {
            for e in try SupervisionFixture(file: file).expected {
                let code = e["code"]?.string ?? "?"
                codes.insert(code)
                if code == "deadline_approaching" { warned.insert(e["obligation"]?.string ?? "?") }
            }
        }
        let all = Set(Self.contract.keys)
        #expect(all.count == 16, "docs/reference/supervision.md names 16 codes")
        #expect(all.subtracting(codes).isEmpty, "codes no fixture expects: \(all.subtracting(codes).sorted())")
        #expect(codes.subtracting(all).isEmpty, "fixtures expect codes the contract does not define: \(codes.subtracting(all).sorted())")
        let terms: Set<String> = ["study", "protest", "conclusion", "requisition", "court_requisition", "consent_request", "report"]
        #expect(terms.subtracting(warned).isEmpty, "deadline warnings no fixture expects: \(terms.subtracting(warned).sorted())")
    }

    @Test("every fixture's expected findings carry the contract's severity, citations and fields")
    func citations() throws {
        for file in Self.fixtureNames {
            let fixture = try SupervisionFixture(file: file)
            var ctx = Context()
            for r in fixture.input["reports"]?.items ?? [] { ctx.reportKinds[r["id"]?.string ?? ""] = r["kind"]?.string }
            for c in fixture.input["cases"]?.items ?? [] {
                for p in c["protests"]?.items ?? [] { ctx.protestStages[p["id"]?.string ?? ""] = p["stage"]?.string }
            }
            for c in fixture.cases ?? [] { ctx.caseCategories[c["id"]?.string ?? ""] = c["categories"]?.asStrings }
            for e in fixture.expected where e["code"]?.string == "wording_not_held" {
                ctx.wordingSubjects.insert("\(e["subjectKind"]?.string ?? "") \(e["subject"]?.string ?? "")")
            }
            for e in fixture.expected {
                let code = e["code"]?.string ?? "?", subject = e["subject"]?.string ?? "?"
                guard let row = Self.contract[code], let cites = Self.requiredCitations(e, ctx) else {
                    Issue.record("[\(file)] \(subject): unknown code \(code), or a protest/report it names is not in the input"); continue
                }
                if code == "participation_missing" {
                    #expect(ctx.caseCategories[subject] != nil, "[\(file)] \(subject): participation_missing needs the case's categories pinned")
                }
                #expect(e["severity"]?.string == row.severity, "[\(file)] \(subject) \(code): severity \(JSONCanon.render(e["severity"])), the contract says \(row.severity)")
                #expect(e["citation"]?.asStrings == cites, "[\(file)] \(subject) \(code): citation \(JSONCanon.render(e["citation"])), the contract's table says \(cites)")
                if let obligation = Self.obligationOf[code] {
                    #expect(e["obligation"]?.string == obligation, "[\(file)] \(subject) \(code): obligation should be \(obligation)")
                }
                for (k, _) in e.asPairs where !(Self.findingFields + ["citation", "protest", "validity"]).contains(k) {
                    Issue.record("[\(file)] \(subject) \(code): \"\(k)\" is not a finding field of the contract")
                }
            }
        }
    }

    // MARK: Invalid input (docs/reference/supervision.md «Invalid input besides README.md's»)

    static let officeList = [
        #"{"id": "pgo", "kind": "territorial", "level": "general", "locations": ["astana"]}"#,
        #"{"id": "almaty-city", "kind": "territorial", "level": "oblast", "locations": ["almaty"], "parent": "pgo"}"#,
        #"{"id": "almaly", "kind": "territorial", "level": "district", "locations": ["almaly"], "parent": "almaty-city"}"#,
    ]
    static func doc(cases: String = #"[{"id": "C-1", "kind": "offence", "courtLocation": "almaly", "decidedOn": "2017-05-10", "outcome": "penalty", "prosecutorParticipated": true}]"#,
                    offices: [String] = SupervisionCaseFixtureTests.officeList, extra: String = "") -> String {
        let offices = "[" + offices.joined(separator: ", ") + "]"
        return #"{"asOf": "2017-06-30", "offices": \#(offices), "cases": \#(cases)\#(extra.isEmpty ? "" : ", " + extra)}"#
    }
    static func oneCase(_ fields: String, id: String = "C-1") -> String {
        #"{"id": "\#(id)", "kind": "offence", "courtLocation": "almaly", "decidedOn": "2017-05-10", "outcome": "penalty", "prosecutorParticipated": true\#(fields.isEmpty ? "" : ", " + fields)}"#
    }

    /// (what, input, the path the error names; a path ending in `*` is a prefix).
    static let invalidInputs: [(String, String, String)] = [
        ("a case decided after asOf", doc(cases: "[" + oneCase("").replacingOccurrences(of: "2017-05-10", with: "2017-07-01") + "]"), "$.cases[0].decidedOn"),
        ("a report submitted after asOf",
         doc(extra: #""reports": [{"id": "R-1", "office": "almaly", "kind": "reconciliation", "period": "2017-Q2", "submittedOn": "2017-07-03"}]"#),
         "$.reports[0].submittedOn"),
        ("a copy received before the decision", doc(cases: "[" + oneCase(#""copyReceivedOn": "2017-05-09""#) + "]"), "$.cases[0].copyReceivedOn"),
        ("a protest decided before it was filed",
         doc(cases: "[" + oneCase(#""protests": [{"id": "P-1", "stage": "appeal", "filedOn": "2017-05-20", "by": "district_prosecutor", "outcome": "unsatisfied", "decidedOn": "2017-05-19"}]"#) + "]"),
         "$.cases[0].protests[0].decidedOn"),
        ("a case id repeated", doc(cases: "[" + oneCase("") + ", " + oneCase("") + "]"), "$.cases[1].id"),
        ("an office id repeated",
         doc(offices: officeList + [#"{"id": "almaly", "kind": "military", "level": "district", "locations": ["x"], "parent": "almaty-city"}"#]),
         "$.offices[3].id"),
        ("a protest id repeated across cases",
         doc(cases: "[" + oneCase(#""protests": [{"id": "P-1", "stage": "appeal", "filedOn": "2017-05-15", "by": "district_prosecutor"}]"#) + ", "
             + oneCase(#""protests": [{"id": "P-1", "stage": "appeal", "filedOn": "2017-05-16", "by": "district_prosecutor"}]"#, id: "C-2") + "]"),
         "$.cases[1].protests[0].id"),
        ("a report of an unknown office",
         doc(extra: #""reports": [{"id": "R-1", "office": "nowhere", "kind": "reconciliation", "period": "2017-Q1"}]"#), "$.reports[0].office"),
        ("a prosecutor initiator of an unknown office",
         doc(cases: "[" + oneCase(#""initiator": {"kind": "prosecutor", "office": "nowhere"}"#) + "]"), "$.cases[0].initiator.office"),
        ("an application of an unknown case",
         doc(extra: #""applications": [{"id": "AP-1", "case": "C-9", "kind": "appeal_protest", "receivedOn": "2017-06-01"}]"#), "$.applications[0].case"),
        ("a court location no district territorial office covers",
         doc(cases: "[" + oneCase("").replacingOccurrences(of: #""courtLocation": "almaly""#, with: #""courtLocation": "medeu""#) + "]"),
         "$.cases[0].courtLocation"),
        ("a quarterly analysis for a month", doc(extra: #""reports": [{"id": "R-1", "office": "almaly", "kind": "quarterly_analysis", "period": "2017-03"}]"#), "$.reports[0].period"),
        ("a monthly study for a quarter", doc(extra: #""reports": [{"id": "R-1", "office": "almaly", "kind": "monthly_study", "period": "2017-Q1"}]"#), "$.reports[0].period"),
        ("a fifth quarter", doc(extra: #""reports": [{"id": "R-1", "office": "almaly", "kind": "regional_report", "period": "2017-Q5"}]"#), "$.reports[0].period"),
        ("a KPI period from after to", doc(extra: #""kpiPeriod": {"from": "2017-06-30", "to": "2017-01-01"}"#), "$.kpiPeriod*"),
        ("a district office whose parent is a district office",
         doc(offices: officeList + [#"{"id": "almaly-2", "kind": "transport", "level": "district", "locations": ["almaly"], "parent": "almaly"}"#]),
         "$.offices[3]*"),
        ("two district territorial offices covering one location",
         doc(offices: officeList + [#"{"id": "almaly-2", "kind": "territorial", "level": "district", "locations": ["almaly"], "parent": "almaty-city"}"#]),
         "$.offices[3]*"),
        ("a prosecutor initiator without an office", doc(cases: "[" + oneCase(#""initiator": {"kind": "prosecutor"}"#) + "]"), "$.cases[0].initiator*"),
        ("an unknown outcome", doc(cases: "[" + oneCase("").replacingOccurrences(of: #""penalty""#, with: #""acquitted""#) + "]"), "$.cases[0].outcome"),
    ]

    @Test("the contract's invalid inputs are refused with the path", arguments: 0..<SupervisionCaseFixtureTests.invalidInputs.count)
    func invalid(_ i: Int) {
        let (what, text, path) = Self.invalidInputs[i]
        // The base document itself is valid: only the one change makes it invalid.
        do {
            _ = try Array(text.utf8).withUnsafeBytes { b throws(InputError) in try SupervisionJSON.input(b) }
            Issue.record("\(what): accepted, the contract refuses it (\(path))")
        } catch let error as InputError {
            #expect(error.code == "invalid_input", "\(what): code \(error.code)")
            if path.hasSuffix("*") {
                #expect(error.path.hasPrefix(String(path.dropLast())), "\(what): path \(error.path), expected under \(path.dropLast()) (\(error.message))")
            } else {
                #expect(error.path == path, "\(what): path \(error.path), expected \(path) (\(error.message))")
            }
        } catch {
            Issue.record("\(what): refused with \(error), not an InputError")
        }
    }

    @Test("the invalid-input tests' base document is accepted")
    func validBase() throws {
        let text = Self.doc(extra: #""reports": [{"id": "R-1", "office": "almaly", "kind": "monthly_study", "period": "2017-03"}], "kpiPeriod": {"from": "2017-01-01", "to": "2017-06-30"}"#)
        do {
            let input = try Array(text.utf8).withUnsafeBytes { b throws(InputError) in try SupervisionJSON.input(b) }
            _ = try Supervision.evaluate(input, calendar: Self.calendar)
        } catch {
            Issue.record("the base document was refused: \(error)")
        }
    }
}

/// One fixture file, read with the project's own JSON parser so that numbers and texts go back to the codec as written.
private struct SupervisionFixture {
    var name: String
    var exercises: [String]
    var story: String
    var input: JSONValue
    var expected: [JSONValue]
    var cases: [JSONValue]?
    var applications: [JSONValue]?
    var reports: [JSONValue]?
    var schedule: JSONValue?
    var kpis: JSONValue?
    var knownIssue: String?

    struct Malformed: Error, CustomStringConvertible { var description: String }

    init(file: String) throws {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw Malformed(description: "no Fixtures directory in the bundle") }
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        let root = try data.withUnsafeBytes { b throws(InputError) in try JSONParser.document(b) }
        let known: Set<String> = ["name", "exercises", "story", "input", "expected", "cases", "applications", "reports", "schedule", "kpis", "knownIssue"]
        if let extra = root.asPairs.first(where: { !known.contains($0.0) }) { throw Malformed(description: "\(file): unknown key \"\(extra.0)\"") }
        guard let name = root["name"]?.string, !name.isEmpty,
              let exercises = root["exercises"]?.asStrings, !exercises.isEmpty,
              let story = root["story"]?.string, !story.isEmpty,
              let input = root["input"], input["asOf"]?.string != nil,
              let expected = root["expected"]?.items else {
            throw Malformed(description: "\(file): needs name, exercises, story, input (with asOf) and expected")
        }
        self.name = name; self.exercises = exercises; self.story = story; self.input = input; self.expected = expected
        cases = root["cases"]?.items; applications = root["applications"]?.items; reports = root["reports"]?.items
        schedule = root["schedule"]; kpis = root["kpis"]
        knownIssue = root["knownIssue"]?.string
        for (i, e) in expected.enumerated() where e["subjectKind"]?.string == nil || e["subject"]?.string == nil || e["code"]?.string == nil {
            throw Malformed(description: "\(file): expected[\(i)] needs subjectKind, subject and code")
        }
    }
}
