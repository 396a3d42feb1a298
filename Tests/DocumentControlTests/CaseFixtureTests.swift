import BundledData
import DocumentControl
import DocumentControlFeature
import Foundation
import JSONKit
import LegalCore
import TestSupport
import Testing
import WorkCalendar

/// Legal case fixtures for MODEL-REG-2008 (Government Decree No. 289 of 26 Mar 2008, seed 004, docs/acts.md §5,
/// docs/reference/documents.md): one JSON file per rule and reading in `Fixtures/`, written from the decree's text and the
/// contract, each with the documentation officer's account and the worked-out dates and times (`story`).
///
/// A judged fixture holds a complete `rasim documents` input, the complete list of findings (`expected`, without
/// messages) and of `notJudged` entries; a refused one the error (`refused`: code and path). The input runs through the
/// command's own path — `DocumentsJSON.input` → `Documents.evaluate` → `DocumentsJSON.output` — and is compared on the
/// contract's wire format.
@Suite("Case fixtures (MODEL-REG-2008)")
struct DocumentsCaseFixtureTests {
    static let calendar = try! BundledData.calendar(overridesPath: nil, environment: [:])
    static let fixtureNames = JSONCanon.fixtureFiles(Bundle.module)
    static let act = "MODEL-REG-2008 "

    /// The contract's table, transcribed from docs/reference/documents.md (not from the engine): each code's severity and the
    /// paragraphs of its "§" column.
    static let contract: [String: (severity: String, places: [String])] = [
        "return_not_same_day": ("violation", ["§13"]), "exempt_letter_returned": ("violation", ["§13", "§12"]),
        "over_two_hours": ("deviation", ["§16"]), "urgent_not_immediate": ("violation", ["§16"]), "delivery_late": ("violation", ["§15"]),
        "review_late": ("violation", ["§17"]), "pm_noncontrol_answered": ("violation", ["§14"]), "outgoing_form_breach": ("violation", ["§19"]),
        "control_term_missed": ("violation", ["§34", "§33"]), "late_to_leadership": ("violation", ["§36"]), "late_to_first_head": ("violation", ["§36"]),
        "implementation_plan_late": ("violation", ["§32"]), "visas_late": ("violation", ["§22"]), "revision_term_missed": ("none", ["§23"]),
        "remarks_late": ("violation", ["§23"]), "post_meeting_late": ("violation", ["§25"]), "urgent_proposal_late": ("violation", ["§26"]),
        "legal_service_skipped": ("violation", ["§21"]), "plan_drafted_late": ("violation", ["§4"]), "plan_approved_late": ("violation", ["§4"]),
        "collegium_without_quorum": ("violation", ["§7"]), "collegium_substitute": ("violation", ["§7"]),
        "decision_without_majority": ("violation", ["§9"]), "collegium_record_incomplete": ("violation", ["§9"]),
        "quarterly_review_missing": ("violation", ["§8"]), "monitoring_summary_late": ("violation", ["§29-3"]),
        "weekly_list_missing": ("violation", ["§34"]), "deadline_approaching": ("warning", ["§34"]),
    ]
    /// The wording table: the paragraph → the wording id Rasim holds.
    static let wordings: [String: String] = [
        "§9": "931-2010", "§15": "34-2012", "§29-3": "346-2015",
        "§13": "1119-2015", "§14": "1119-2015", "§19": "1119-2015", "§21": "1119-2015", "§22": "1119-2015", "§23": "1119-2015",
    ]
    static func wording(_ place: String) -> String { wordings[place] ?? "289-2008" }

    /// The fields compared exactly (absent = null); instants by the moment they name.
    static let fields = ["section", "subject", "code", "severity", "wording", "relevantDate", "due", "actual", "lateDays", "lateMinutes",
                         "missing", "period", "obligation", "caveat"]
    static let instants = ["acceptedAt", "dueAt", "actualAt"]

    static func load(_ file: String) throws -> JSONValue {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/" + file, withExtension: nil))
        let data = try Data(contentsOf: url)
        return try data.withUnsafeBytes { b throws(InputError) in try JSONParser.document(b) }
    }

    /// The command's path: the output's JSON, or the refusal (code, path).
    static func run(_ input: JSONValue) -> Result<JSONValue, DocumentsError> {
        let text = JSONCanon.render(input)
        do {
            let parsed = try Array(text.utf8).withUnsafeBytes { b throws(InputError) in try DocumentsJSON.input(b, calendar: calendar) }
            let result = try Documents.evaluate(parsed, calendar: calendar)
            return .success(try JSONParser.document(DocumentsJSON.output(result)))
        } catch let e as InputError {
            return .failure(DocumentsError(code: e.code, message: e.message, path: e.path))
        } catch let e as DocumentsError {
            return .failure(e)
        } catch {
            return .failure(DocumentsError(code: "?", message: "\(error)", path: "?"))
        }
    }

    @Test("fixture", arguments: DocumentsCaseFixtureTests.fixtureNames)
    func fixture(_ file: String) throws {
        let fixture = try Self.load(file)
        let input = try #require(fixture["input"], "[\(file)] no input")
        switch (Self.run(input), fixture["refused"]) {
        case (.failure(let e), let refused?):
            #expect(e.code == refused["code"]?.string, "[\(file)] refused with \(e.code) at \(e.path): \(e.message); expected \(JSONCanon.render(refused))")
            if let path = refused["path"]?.string { #expect(e.path == path, "[\(file)] refused at \(e.path) (\(e.message)), expected \(path)") }
        case (.success, let refused?):
            Issue.record("[\(file)] accepted; expected a refusal \(JSONCanon.render(refused))")
        case (.failure(let e), nil):
            Issue.record("[\(file)] refused: \(e.code) at \(e.path): \(e.message)")
        case (.success(let output), nil):
            try Self.compare(file, fixture, output)
        }
    }

    static func compare(_ file: String, _ fixture: JSONValue, _ output: JSONValue) throws {
        let findings = output["findings"]?.items ?? []
        for f in findings {
            let at = "[\(file)] \(describe(f))"
            let code = f["code"]?.string ?? "?"
            guard let row = contract[code] else { Issue.record("\(at): a code the contract does not define"); continue }
            #expect(f["severity"]?.string == row.severity || (code == "post_meeting_late" && f["severity"]?.string == "none"),
                    "\(at): severity \(JSONCanon.render(f["severity"])), the contract says \(row.severity)")
            let cited = f["citation"]?.asStrings ?? []
            var places = row.places
            if code == "deadline_approaching", let o = f["obligation"]?.string, let obligation = contract[o] { places = obligation.places + ["§34"] }
            #expect(cited.first == act + places[0] && Set(places.map { act + $0 }).isSubset(of: Set(cited)),
                    "\(at): cites \(cited), the contract's § column gives \(places)")
            #expect(f["wording"]?.string == wording(places[0]), "\(at): wording \(JSONCanon.render(f["wording"])) for \(places[0])")
            for lang in ["kk", "ru", "en"] {
                let message = f["message"]?[lang]?.string ?? ""
                #expect(message != "", "\(at): no \(lang) message")
            }
        }
        let key = { (v: JSONValue) in [v["section"]?.string, v["subject"]?.string, v["code"]?.string, v["period"]?.string, v["obligation"]?.string] }
        for problem in JSONCanon.compare(expected: fixture["expected"]?.items ?? [], reported: findings, key: key, mismatches: mismatches, describe: describe) {
            Issue.record("[\(file)] \(problem)")
        }
        let entryKey = { (v: JSONValue) in [v["section"]?.string, v["subject"]?.string, v["place"]?.string, v["period"]?.string] }
        for problem in JSONCanon.compare(expected: fixture["notJudged"]?.items ?? [], reported: output["notJudged"]?.items ?? [], key: entryKey,
                                         mismatches: { e, g in ["relevantDate", "reason"].filter { !JSONCanon.same(e[$0], g[$0]) }.map { "\($0): expected \(JSONCanon.render(e[$0])), engine gave \(JSONCanon.render(g[$0]))" } },
                                         describe: { JSONCanon.render($0) }) {
            Issue.record("[\(file)] notJudged: \(problem)")
        }
        // The contract's order: section, subject, code (texts by code point).
        let order = findings.map { [$0["section"]?.string ?? "", $0["subject"]?.string ?? "", $0["code"]?.string ?? ""] }
        for (a, b) in zip(order, order.dropFirst()) { #expect(!precedes(b, a), "[\(file)] findings out of the contract's order: \(a) before \(b)") }
        let summary = output["summary"]
        #expect(summary?["findings"]?.asNumber == Double(findings.count) && summary?["notJudged"]?.asNumber == Double(output["notJudged"]?.items?.count ?? 0),
                "[\(file)] the summary's counts")
    }

    static func mismatches(_ e: JSONValue, _ f: JSONValue) -> [String] {
        var out: [String] = []
        for k in fields where !JSONCanon.same(e[k], f[k]) {
            out.append("\(k): expected \(JSONCanon.render(e[k])), engine gave \(JSONCanon.render(f[k]))")
        }
        for k in instants {
            let a = e[k]?.string.flatMap { Instant(iso: $0) }, b = f[k]?.string.flatMap { Instant(iso: $0) }
            if a != b { out.append("\(k): expected \(JSONCanon.render(e[k])), engine gave \(JSONCanon.render(f[k]))") }
        }
        let want = e["citation"]?.asStrings ?? [], got = f["citation"]?.asStrings ?? []
        if !Set(want).isSubset(of: Set(got)) { out.append("citation: expected at least \(want), engine gave \(got)") }
        return out
    }

    static func describe(_ f: JSONValue) -> String {
        (["section", "subject", "code", "period", "obligation", "due", "actual", "dueAt", "actualAt"]).compactMap { k in
            guard let v = f[k], !JSONCanon.same(v, nil) else { return nil }
            return ["section", "subject", "code"].contains(k) ? (v.string ?? JSONCanon.render(v)) : "\(k)=\(JSONCanon.render(v))"
        }.joined(separator: " ")
    }

    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) }
        return false
    }

    /// Dates are local to the body's zone, and so is asOf's date: 20:00 UTC on 14 April 2016 is already 15 April in
    /// Almaty (UTC+6 then), so a fact of 15 April is not after asOf — and one of 16 April is.
    @Test func asOfGivenInUTCIsLocalTooForTheLastDayAFactMayBear() throws {
        func input(_ received: String) -> JSONValue {
            try! JSONParser.document(Array(#"{"asOf": "2016-04-14T20:00:00Z", "controlled": [{"id": "C-1", "kind": "internal", "receivedOn": "\#(received)", "term": "2016-04-20"}]}"#.utf8).withUnsafeBytes { $0 })
        }
        guard case .success = Self.run(input("2016-04-15")) else { Issue.record("\(Self.run(input("2016-04-15")))"); return }
        guard case .failure(let e) = Self.run(input("2016-04-16")) else { Issue.record("a fact of 16 April is after asOf"); return }
        #expect(e.code == "invalid_input" && e.path == "$.controlled[0].receivedOn", "\(e)")
    }

    @Test("every code of the contract's table is expected by a fixture; the engine's codes are the contract's")
    func coverage() throws {
        // Beyond the table, only the stored register's `recorded_after_term` (a file has no entry days).
        #expect(Set(DocumentCode.allCases.map(\.rawValue)) == Set(Self.contract.keys).union(["recorded_after_term"]))
        #expect(Self.fixtureNames.count >= 25, "fixtures found in the bundle: \(Self.fixtureNames.count)")
        var codes: Set<String> = [], refusals: Set<String> = []
        for file in Self.fixtureNames {
            let fixture = try Self.load(file)
            for e in fixture["expected"]?.items ?? [] { codes.insert(e["code"]?.string ?? "?") }
            if let code = fixture["refused"]?["code"]?.string { refusals.insert(code) }
        }
        #expect(Set(Self.contract.keys).subtracting(codes).isEmpty, "codes no fixture expects: \(Set(Self.contract.keys).subtracting(codes).sorted())")
        #expect(refusals.isSuperset(of: ["invalid_input", "act_not_in_force", "act_validity_uncertain", "calendar_not_covered"]), "refusals covered: \(refusals.sorted())")
    }
}
