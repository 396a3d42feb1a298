import BundledData
import Foundation
import JSONKit
import PublicServicesFeature
import LegalCore
import PublicServices
import TestSupport
import Testing

/// Legal case fixtures: one JSON file per case in `Fixtures/` — the 15 case studies of PS-VIOLATIONS-2025
/// (docs/acts.md §2, seed 001), the remaining finding codes of docs/reference/check.md, and the calendar's hard days.
/// Each file holds a complete `rasim check` input (with `asOf`) and the findings the law and the contract
/// expect. A fixture marked `"knownIssue"` records an engine answer that disagrees with the law or the
/// contract: it is kept with the lawful expectation and is meant to fail until the engine is fixed.
@Suite("Case fixtures (PS-VIOLATIONS-2025 and calendar hard days)")
struct CaseFixtureTests {
    /// The fixture files bundled with the test target, by name.
    static let fixtureNames = JSONCanon.fixtureFiles(Bundle.module)

    /// The fields an expected finding may pin down, besides `application` and `code`.
    static let comparedFields: Set<String> = ["due", "actual", "lateWorkingDays", "severity", "stage", "citation", "criteriaInForce", "unconfirmedDays"]

    /// docs/reference/check.md's table of finding codes (v1 and v1.1), transcribed from the contract — not from the
    /// engine: each code's severity, the criterion its first citation names, and the cases of PS-VIOLATIONS-2025
    /// its citations must include (case numbers in the seed's order, v1.1).
    static let contract: [String: (severity: String, first: String, cases: [String])] = [
        "late_registration": ("gross", "PS-RISK-2023 App.1 #14", ["Stage I case 1"]),
        "term_breach": ("gross", "PS-RISK-2023 App.1 #16", ["Stage II case 9"]),
        "refusal_term_breach": ("gross", "PS-RISK-2023 App.1 #14", ["Stage II case 10"]),
        "excess_documents": ("gross", "PS-RISK-2023 App.1 #11", ["Stage II case 7"]),
        "documents_from_systems_demanded": ("significant", "PS-RISK-2023 App.1 #10", ["Stage I case 5"]),
        "incomplete_package_served": ("gross", "PS-RISK-2023 App.1 #12", ["Stage II case 8"]),
        "refusal_without_reasons": ("gross", "PS-RISK-2023 App.1 #15", ["Stage III case 12"]),
        "refusal_without_hearing": ("gross", "PS-RISK-2023 App.1 #14", ["Stage III case 13"]),
        "refusal_unfounded": ("gross", "PS-RISK-2023 App.1 #15", ["Stage III case 11"]),
        "unauthorized_signature": ("gross", "PS-RISK-2023 App.1 #14", ["Stage III case 15"]),
        "not_recorded_in_monitoring": ("significant", "PS-RISK-2023 App.1 #8", ["Stage I case 4"]),
        "payment_for_free_service": ("gross", "PS-RISK-2023 App.1 #9", []),
        "out_of_queue": ("gross", "PS-RISK-2023 App.1 #14", ["Stage II case 6"]),
        "complaint_term_breach": ("gross", "PS-RISK-2023 App.1 #17", []),
        "routing_failure": ("none", "PS-VIOLATIONS-2025 Stage I case 3", ["Stage I case 3"]),
        "deadline_approaching": ("warning", "PS-VIOLATIONS-2025 Stage III recommendations", []),
    ]

    @Test("fixture", arguments: CaseFixtureTests.fixtureNames)
    func fixture(_ file: String) throws {
        let fixture = try Fixture(file: file)
        if let issue = fixture.knownIssue {
            // Kept deliberately: the expectation below is the lawful one; failures here are the engine's.
            print("[\(file)] knownIssue: \(issue)")
        }
        let calendar = try BundledData.calendar(overridesPath: nil, environment: [:])
        let bytes = try JSONSerialization.data(withJSONObject: fixture.input, options: [.sortedKeys, .withoutEscapingSlashes])
        let findings: [Finding]
        do {
            findings = try bytes.withUnsafeBytes { buffer in try CheckRunner.findings(bytes: buffer, calendar: calendar) }
        } catch let failure as CheckRunner.Failure {
            Issue.record("[\(file)] the input was rejected: \(failure.code) at \(failure.path): \(failure.message)")
            return
        }

        // Every finding is what the contract's table says of its code (severity, criterion, cases), with a message
        // in all three languages.
        for f in findings {
            let where_ = "[\(file)] \(f.subject) \(f.code)"
            guard let row = Self.contract[f.code] else { Issue.record("\(where_): a code the contract does not define"); continue }
            let cited = f.citation.map(\.description)
            #expect(f.severity.rawValue == row.severity, "\(where_): severity \(f.severity.rawValue), the contract says \(row.severity)")
            #expect(cited.first == row.first, "\(where_): first citation \(cited.first ?? "none"), the contract's criterion is \(row.first)")
            for c in row.cases { #expect(cited.contains("PS-VIOLATIONS-2025 " + c), "\(where_): cites \(cited), not PS-VIOLATIONS-2025 \(c)") }
            for (lang, text) in [("kk", f.message.kk), ("ru", f.message.ru), ("en", f.message.en)] {
                #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(where_): empty \(lang) message")
            }
        }

        // Each expected finding is present with the fields it names (each finding answers one expectation).
        var unmatched = findings
        for e in fixture.expected {
            let candidates = unmatched.indices.filter { unmatched[$0].subject == e.application && unmatched[$0].code == e.code }
            if let i = candidates.first(where: { e.mismatches(unmatched[$0]).isEmpty }) {
                unmatched.remove(at: i)
            } else if let i = candidates.first {
                Issue.record("[\(file)] \(e.application) \(e.code): \(e.mismatches(unmatched[i]).joined(separator: "; "))\(fixture.issueNote)")
            } else {
                Issue.record("[\(file)] expected \(e.application) \(e.code) \(e.fieldsText), but the engine reported none; it reported: \(Self.describe(findings))\(fixture.issueNote)")
            }
        }

        // Exhaustive: nothing else.
        if fixture.exhaustive {
            for f in unmatched {
                Issue.record("[\(file)] unexpected finding \(Self.describe([f]))\(fixture.issueNote)")
            }
        }
    }

    @Test("the fixtures cover all 15 case studies of PS-VIOLATIONS-2025 and all 16 finding codes")
    func coverage() throws {
        let names = Self.fixtureNames
        #expect(!names.isEmpty, "no fixtures found in the bundle's Fixtures directory")
        var cases: Set<Int> = []
        var codes: Set<String> = []
        let stageOfCase: [String: ClosedRange<Int>] = ["I": 1...5, "II": 6...10, "III": 11...15]
        for file in names {
            let fixture = try Fixture(file: file)
            for text in fixture.exercises {
                let words = text.split(separator: " ").map(String.init)
                // "PS-VIOLATIONS-2025 Stage <I|II|III> case <n>"
                guard words.count == 5, words[0] == "PS-VIOLATIONS-2025", words[1] == "Stage", words[3] == "case" else { continue }
                guard let range = stageOfCase[words[2]], let n = Int(words[4]), range.contains(n) else {
                    Issue.record("[\(file)] malformed case reference \"\(text)\"")
                    continue
                }
                cases.insert(n)
            }
            for e in fixture.expected { codes.insert(e.code) }
        }
        let missingCases = Set(1...15).subtracting(cases).sorted()
        #expect(missingCases.isEmpty, "case studies without a fixture: \(missingCases)")
        let allCodes = Set(FindingCode.allCases.map(\.rawValue))
        #expect(allCodes.count == 16, "docs/reference/check.md v1 has 15 codes, v1.1 adds refusal_unfounded")
        let missingCodes = allCodes.subtracting(codes).sorted()
        #expect(missingCodes.isEmpty, "finding codes no fixture expects: \(missingCodes)")
        let unknownCodes = codes.subtracting(allCodes).sorted()
        #expect(unknownCodes.isEmpty, "fixtures expect codes the contract does not define: \(unknownCodes)")
    }

    static func describe(_ findings: [Finding]) -> String {
        if findings.isEmpty { return "[]" }
        return findings.map { f in
            var s = "\(f.subject) \(f.code)"
            if let d = f.due { s += " due=\(d)" }
            if let a = f.actual { s += " actual=\(a)" }
            if let l = f.lateWorkingDays { s += " late=\(l)" }
            return s + " severity=\(f.severity.rawValue) stage=\(f.stage ?? "-")"
        }.joined(separator: ", ")
    }
}

/// One fixture file, read with JSONSerialization so that `input` goes back to the engine as bytes unchanged in meaning.
struct Fixture {
    struct Expected {
        var application: String
        var code: String
        /// The named fields, as JSON values (`NSNull` = the finding must not carry the field).
        var fields: [String: Any]

        var fieldsText: String {
            fields.keys.sorted().map { k in "\(k)=\(fields[k] is NSNull ? "null" : "\(fields[k]!)")" }.joined(separator: " ")
        }

        /// What differs between this expectation and a finding (empty when it matches).
        func mismatches(_ f: Finding) -> [String] {
            var out: [String] = []
            func check(_ key: String, _ actual: String?) {
                guard let want = fields[key] else { return }
                if want is NSNull {
                    if let actual { out.append("\(key): expected none, engine gave \(actual)") }
                } else {
                    let w = (want as? String) ?? (want as? NSNumber).map { "\($0.intValue)" } ?? "\(want)"
                    if w != actual { out.append("\(key): expected \(w), engine gave \(actual ?? "none")") }
                }
            }
            check("due", f.due?.description)
            check("actual", f.actual?.description)
            check("lateWorkingDays", f.lateWorkingDays.map { "\($0)" })
            check("severity", f.severity.rawValue)
            check("stage", f.stage)
            if let want = fields["criteriaInForce"] {
                let w = want is NSNull ? nil : (want as? Bool)
                if w != f.criteriaInForce { out.append("criteriaInForce: expected \(w.map(String.init) ?? "none"), engine gave \(f.criteriaInForce.map(String.init) ?? "none")") }
            }
            for (key, actual) in [("unconfirmedDays", f.unconfirmedDays.map(\.description)), ("citation", f.citation.map(\.description))] {
                guard let want = fields[key] else { continue }
                let w = want is NSNull ? [] : (want as? [String] ?? ["?"])
                if w != actual { out.append("\(key): expected \(w), engine gave \(actual)") }
            }
            return out
        }
    }

    var name: String
    var exercises: [String]
    var story: String
    var input: [String: Any]
    var expected: [Expected]
    var exhaustive: Bool
    var knownIssue: String?

    var issueNote: String { knownIssue.map { " (knownIssue: \($0))" } ?? "" }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(file: String) throws {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw Malformed(description: "no Fixtures directory in the bundle") }
        let data = try Data(contentsOf: dir.appendingPathComponent(file))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Malformed(description: "\(file): not a JSON object") }
        guard let name = root["name"] as? String, !name.isEmpty,
              let exercises = root["exercises"] as? [String], !exercises.isEmpty,
              let story = root["story"] as? String, !story.isEmpty,
              let input = root["input"] as? [String: Any], input["asOf"] is String,
              let expected = root["expected"] as? [[String: Any]],
              let exhaustive = root["exhaustive"] as? Bool else {
            throw Malformed(description: "\(file): needs name, exercises, story, input (with asOf), expected and exhaustive")
        }
        let known: Set<String> = ["name", "exercises", "story", "input", "expected", "exhaustive", "knownIssue"]
        if let extra = root.keys.first(where: { !known.contains($0) }) { throw Malformed(description: "\(file): unknown key \"\(extra)\"") }
        self.name = name; self.exercises = exercises; self.story = story; self.input = input; self.exhaustive = exhaustive
        self.knownIssue = root["knownIssue"] as? String
        self.expected = try expected.enumerated().map { (i, e) throws -> Expected in
            guard let application = e["application"] as? String, let code = e["code"] as? String else {
                throw Malformed(description: "\(file): expected[\(i)] needs application and code")
            }
            var fields = e
            fields["application"] = nil; fields["code"] = nil
            if let bad = fields.keys.first(where: { !CaseFixtureTests.comparedFields.contains($0) }) {
                throw Malformed(description: "\(file): expected[\(i)] has unknown field \"\(bad)\"")
            }
            return Expected(application: application, code: code, fields: fields)
        }
    }
}
