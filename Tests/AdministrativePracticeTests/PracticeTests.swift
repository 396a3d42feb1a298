@testable import AdministrativePractice
import AdministrativePracticeFeature
import BundledData
import Foundation
import JSONKit
import LegalCore
import Testing

/// ADM-PRACTICE-2025 through `rasim practice`'s codec and engine (docs/reference/practice.md): one body exercising
/// every duty, with every expected finding worked out by hand in the comments.
@Suite("ADM-PRACTICE-2025: registry, instructions, knowledge base, court cases, reports, targets")
struct PracticeTests {
    static let calendar = try! BundledData.calendar(overridesPath: nil, environment: [:])

    static func app2(except: [Int] = []) -> String {
        "{" + (1...16).filter { !except.contains($0) }.map { "\"\($0)\": \"row \($0)\"" }.joined(separator: ", ") + "}"
    }
    static let app1Full = "{" + (1...8).map { "\"\($0)\": \"column \($0)\"" }.joined(separator: ", ") + "}"

    static func input(asOf: String, targets: String = #"[{"year": 2025, "percent": 20}]"#, reports: String = #"[{"period": "2025-06", "submittedOn": "2025-06-10"}]"#) -> String {
        #"""
        {"asOf": "\#(asOf)", "bodies": [
         {"id": "rural-akim", "kind": "other", "procedures": [{"id": "X", "listedOn": "2025-03-01"}]},
         {"id": "akimat-abai", "kind": "district",
          "procedures": [
           {"id": "P-1", "listedOn": "2025-03-10", "app1": \#(app1Full), "orderChanges": ["2025-04-06"],
            "instructions": [{"version": "1", "approvedOn": "2025-03-20", "placedOn": "2025-03-21", "approverRole": "head", "app2": \#(app2())},
                             {"version": "2", "approvedOn": "2025-07-09", "placedOn": "2025-07-10", "approverRole": "acting_head", "app2": \#(app2(except: [8, 15, 16]))}]},
           {"id": "P-2", "listedOn": "2025-03-10", "publicService": true},
           {"id": "P-3", "listedOn": "2025-04-01", "app1": {"1": "a", "2": "b", "4": "d", "5": "e", "6": "f", "7": " "}, "actFormInLaw": false},
           {"id": "P-4", "listedOn": "2025-04-01", "app1": \#(app1Full), "orderChanges": ["2025-08-25", "2025-08-21"], "actFormInLaw": true,
            "instructions": [{"version": "A", "approvedOn": "2025-05-01", "approverRole": "deputy_head", "app2": \#(app2(except: [9]))}]},
           {"id": "P-5", "listedOn": "2026-01-01"}],
          "knowledgeBaseReviews": ["2025-06-30"],
          "courtCases": [
           {"id": "AC-1", "field": "land relations", "procedure": "P-1", "filedOn": "2025-01-15",
            "act": {"name": "resolution", "content": "plot", "adoptedOn": "2024-11-01"}, "pretrial": {"held": true, "by": "akim", "act": "answer", "reason": "no grounds"},
            "claim": "annul", "firstInstance": {"caseNumber": "2-1", "date": "2025-03-01", "outcome": "against_body", "content": "annulled"},
            "inForceOn": "2025-04-02", "annulmentReasons": "no hearing", "preventiveMeasures": "training"},
           {"id": "AC-2", "field": "construction", "filedOn": "2025-02-01", "act": {"name": "permit refusal", "adoptedOn": "2025-01-10"},
            "pretrial": {"held": false}, "claim": "annul",
            "firstInstance": {"caseNumber": "2-2", "date": "2025-05-05", "outcome": "for_body", "content": "dismissed"}, "inForceOn": "2025-06-10"},
           {"id": "AC-3", "field": "land relations", "filedOn": "2025-08-01", "act": {"name": "a", "content": "b", "adoptedOn": "2025-07-01"},
            "pretrial": {"held": false}, "appeal": {}}],
          "reports": \#(reports), "targets": \#(targets)}]}
        """#
    }

    static func parse(_ text: String) throws -> (asOf: LocalDate, bodies: [Body]) {
        let (asOf, bodies) = try Array(text.utf8).withUnsafeBytes { b throws(InputError) in try PracticeJSON.input(b) }
        return (asOf, bodies)
    }

    static func run(_ text: String) throws -> PracticeResult {
        let (asOf, bodies) = try parse(text)
        return try Practice.evaluate(asOf: asOf, bodies: bodies, calendar: calendar)
    }

    static func describe(_ f: PracticeFinding) -> String {
        var s = "\(f.subject) \(f.code.rawValue)"
        if let d = f.changedOn { s += " changed=\(d)" }
        if let d = f.due { s += " due=\(d)" }
        if let d = f.actual { s += " actual=\(d)" }
        if let l = f.lateDays { s += " late=\(l)" }
        if let m = f.missing { s += " missing=\(m.map(String.init).joined(separator: ","))" }
        if let v = f.version { s += " version=\(v)" }
        if let t = f.targetPercent { s += " target=\(t.display)" }
        if let p = f.previousSharePercent { s += " previous=\(p.display)" }
        return s
    }

    @Test("as of 20 Nov 2025: every duty judged, the findings worked out by hand")
    func everyDuty() throws {
        let r = try Self.run(Self.input(asOf: "2025-11-20"))
        #expect(r.bodies.map(\.id) == ["akimat-abai", "rural-akim"] && r.bodies.map(\.covered) == [true, false], "§1: a rural akim is outside the decree")
        #expect(r.findings.allSatisfy { $0.body == "akimat-abai" })
        let got = r.findings.map(Self.describe)
        let expected = [
            // §11: first placement 21 Mar (Q1) → reviews from Q2; Q2 reviewed on 30 Jun; Q3 ended unreviewed; Q4 still runs.
            "2025-Q3 knowledge_base_review_missed due=2025-09-30",
            // App.3: AC-1 lost (final against the body), column 12 empty; AC-2's act has no content; AC-3 has no claim.
            "AC-1 lost_case_measures_missing missing=12",
            "AC-2 court_case_incomplete missing=4",
            "AC-3 court_case_incomplete missing=6",
            // §13: changed 6 Apr → 6 Jul (a Sunday; Capital Day's day off is Mon 7 Jul) → due Tue 8 Jul; version 2 on 9 Jul.
            "P-1 actualization_term_breach changed=2025-04-06 due=2025-07-08 actual=2025-07-09 late=1",
            "P-2 public_service_in_registry",
            "P-3 instruction_missing",
            "P-3 model_act_form_missing",
            "P-3 registry_entry_incomplete missing=3,7,8",
            // §13: changed 21 Aug → due Fri 21 Nov, the next working day after asOf: warned; 25 Aug → 25 Nov: not yet.
            "P-4 deadline_approaching changed=2025-08-21 due=2025-11-21",
            "P-4 instruction_incomplete missing=9 version=A",
            "P-4 instruction_not_approved_by_head version=A",
            "P-4 instruction_not_placed version=A",
        ]
        #expect(got == expected, "\(got)")
        #expect(r.findings.first { $0.code == .deadlineApproaching }?.citation.map(\.description) == ["ADM-PRACTICE-2025 §13"])
        #expect(r.findings.filter { $0.code != .deadlineApproaching }.allSatisfy { $0.severity == .violation })

        // §16: two periods, the second the first whose 10 December is on or after asOf.
        #expect(r.reports.map { "\($0.period) \($0.due) \($0.status.rawValue) \($0.casesInProceedings) \($0.decisionsForBody)/\($0.decisionsAgainstBody) \($0.fields)" } == [
            "2025-06 2025-06-10 on_time 2 1/1 [\"construction\", \"land relations\"]",
            "2025-12 2025-12-10 pending 2 0/0 [\"construction\", \"land relations\"]",
        ])
        // §5.7: in 2025 two cases became final decided for or against the body (AC-1 lost, AC-2 won): 50 %.
        let row = try #require(r.indicator.first)
        #expect(r.indicator.count == 1 && row.year == 2025 && row.decided == 2 && row.illegal == 1 && row.share == Rational(50))
        #expect(row.target == Rational(20) && row.previousShare == nil && row.met == nil)
        let out = PracticeJSON.output(r)
        #expect(out.contains("\"sharePercent\": 50.0") && out.contains("\"summary\": {\"bodies\": 2, \"covered\": 1, \"findings\": 13"), "\(out.suffix(400))")
    }

    @Test("a year later: an overdue report, the past year's target not met, a target not below the last share")
    func nextYear() throws {
        let r = try Self.run(Self.input(asOf: "2026-03-01", targets: #"[{"year": 2025, "percent": 20}, {"year": 2026, "percent": 60}]"#))
        let got = r.findings.map(Self.describe)
        #expect(got.contains("2025-12 report_term_breach due=2025-12-10 late=81"), "\(got)")
        #expect(got.contains("2026 target_indicator_not_decreasing target=60 previous=50"), "\(got)")
        #expect(r.indicator.map(\.year) == [2025, 2026] && r.indicator[0].met == false && r.indicator[1].met == nil)
        #expect(r.reports.map(\.period.description) == ["2025-06", "2025-12", "2026-06"] && r.reports[2].status == .pending)
        let missing = try Self.run(Self.input(asOf: "2026-03-01", targets: "[]"))
        #expect(missing.findings.filter { $0.code == .targetIndicatorMissing }.map(\.subject) == ["2025", "2026"])
    }

    @Test("percentages round half-up to 2 decimals")
    func rounding() {
        #expect(PracticeJSON.output(PracticeResult(asOf: LocalDate(year: 2025, month: 11, day: 20)!, bodies: [], reports: [], indicator: [
            .init(body: "b", year: 2025, decided: 3, illegal: 1, share: Rational(100, 3), target: Rational(125, 10), previousShare: Rational(200, 3), met: nil)],
            findings: [])).contains("\"sharePercent\": 33.33, \"targetPercent\": 12.5, \"previousSharePercent\": 66.67"))
    }

    @Test("invalid input is refused at its path", arguments: [
        (#"{"asOf": "2025-01-10", "bodies": []}"#, "act_not_in_force", "$.asOf"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district"}, {"id": "a", "kind": "oblast"}]}"#, "invalid_input", "$.bodies[1].id"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "village"}]}"#, "invalid_input", "$.bodies[0].kind"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "procedures": [{"id": "P", "listedOn": "2025-03-01", "app1": {"9": "x"}}]}]}"#, "invalid_input", "$.bodies[0].procedures[0].app1.9"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "procedures": [{"id": "P", "listedOn": "2025-03-01", "instructions": [{"version": "1", "approvedOn": "2025-03-05", "placedOn": "2025-03-04", "approverRole": "head"}]}]}]}"#, "invalid_input", "$.bodies[0].procedures[0].instructions[0].placedOn"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "courtCases": [{"id": "C", "field": "f", "filedOn": "2025-03-01", "pretrial": {"held": false}, "appeal": {"date": "2025-04-01", "outcome": "other"}}]}]}"#, "invalid_input", "$.bodies[0].courtCases[0].appeal"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "courtCases": [{"id": "C", "field": "f", "filedOn": "2025-03-01", "pretrial": {"held": false}, "firstInstance": {"date": "2025-02-01", "outcome": "other"}}]}]}"#, "invalid_input", "$.bodies[0].courtCases[0].firstInstance.date"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "courtCases": [{"id": "C", "field": "f", "procedure": "nope", "filedOn": "2025-03-01", "pretrial": {"held": false}}]}]}"#, "invalid_input", "$.bodies[0].courtCases[0].procedure"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "reports": [{"period": "2025-03", "submittedOn": "2025-06-01"}]}]}"#, "invalid_input", "$.bodies[0].reports[0].period"),
        (#"{"asOf": "2025-11-20", "bodies": [{"id": "a", "kind": "district", "targets": [{"year": 2025, "percent": 101}]}]}"#, "invalid_input", "$.bodies[0].targets[0].percent"),
        (#"{"asOf": "2099-11-20", "bodies": []}"#, "calendar_not_covered", "$.asOf"),
    ])
    func refused(_ text: String, _ code: String, _ path: String) throws {
        do {
            _ = try Self.run(text)
            Issue.record("accepted: \(text)")
        } catch let e as InputError {
            #expect(e.code == code && e.path == path, "\(e.code) at \(e.path): \(e.message)")
        } catch let e as PracticeError {
            #expect(e.code == code && e.path == path, "\(e.code) at \(e.path): \(e.message)")
        }
    }
}
