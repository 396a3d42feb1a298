import Foundation
import TestSupport
import Testing

/// Issue 20: no input stops a command. Every command is fed the ends of what can be written — dates from
/// 0001-01-01 to 9999-12-31, the days around the calendar's coverage, numbers at the ends of Int32 and Int64 —
/// and must answer: exit 0 with a result, or exit 2 with the contract's JSON error on standard error. A trap
/// (a force unwrap, an overflow, an index out of range) ends the process on a signal and fails here.
@Suite("Edge values: every command answers and lives")
struct EdgeValueTests {
    static let dates = ["0001-01-01", "0001-12-31", "1969-12-31", "1970-01-01", "2014-12-31", "2015-01-01", "2027-12-31",
                        "2028-01-01", "9998-12-31", "9999-01-01", "9999-05-11", "9999-12-10", "9999-12-11", "9999-12-31"]
    static let numbers = ["0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                          "-9223372036854775808", "9223372036854775808", "1e400", "0.5"]

    /// Exit 0, or exit 2 with `{"error": {"code", "message", "path"}}` on standard error.
    static func answers(_ args: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try Rasim.run(args, stdin: stdin)
        let what = "rasim \(args.joined(separator: " "))" + (stdin.map { " <<< \($0.prefix(300))" } ?? "")
        #expect(r.status == 0 || r.status == 2, "\(what) ended with \(r.status) (a signal?)\n\(r)", sourceLocation: sourceLocation)
        if r.status == 2 {
            let e = try? JSON.parse(r.stderr)
            #expect(nonEmpty(e?["error"]?["code"]) && nonEmpty(e?["error"]?["message"]), "\(what): no JSON error\n\(r)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("rasim calendar: dates and day counts at the ends", arguments: dates)
    func calendar(_ date: String) throws {
        try Self.answers(["calendar", "is-working-day", date])
        for n in Self.numbers { try Self.answers(["calendar", "add-working-days", date, n]) }
        for other in ["0001-01-01", "2025-06-30", "9999-12-31"] { try Self.answers(["calendar", "working-days-between", date, other]) }
        try Self.answers(["calendar", "year", String(date.prefix(4))])
    }

    @Test("rasim calendar year: years outside 1…9999 and not numbers")
    func calendarYears() throws {
        for y in ["0000", "10000", "-1", "2147483648", "9223372036854775808", "２０２５"] { try Self.answers(["calendar", "year", y]) }
    }

    @Test("rasim risk: asOf and the last visit at the ends, counts at the ends", arguments: dates)
    func risk(_ date: String) throws {
        for n in ["0", "2147483648", "9223372036854775807"] {
            let input = """
            {"asOf": "\(date)", "subjects": [{"id": "s", "objective": {"servicesRenderedLast6Months": \(n),
             "complaintsToAuthorizedBodyLast6Months": \(n), "art465LiabilityLastYear": true, "negativeMediaLastYear": false,
             "inspectionsLastYear": \(n), "refusalsInInternalControlReport": false}, "subjective": {"violated": [1, \(n)]},
             "lastVisit": "\(date)"}]}
            """
            try Self.answers(["risk", "-"], stdin: input)
        }
        // A well-formed subject on each date: only the dates matter.
        try Self.answers(["risk", "-"], stdin: #"{"asOf": "\#(date)", "subjects": [{"id": "s", "lastVisit": "2025-01-01", "objective": {"servicesRenderedLast6Months": 10, "complaintsToAuthorizedBodyLast6Months": 0, "art465LiabilityLastYear": false, "negativeMediaLastYear": false, "inspectionsLastYear": 0, "refusalsInInternalControlReport": false}, "subjective": {"violated": []}}]}"#)
    }

    @Test("rasim check: instants, terms and queue positions at the ends", arguments: dates)
    func check(_ date: String) throws {
        for offset in ["Z", "+14:00", "-12:00"] {
            let at = "\(date)T\(offset == "Z" ? "00:00:00" : "23:59:59")\(offset)"
            for term in [#"{"workingDays": 3}"#, #"{"calendarDays": 3650}"#, #"{"hours": 87600}"#, #"{"workingDays": 9223372036854775807}"#] {
                let input = """
                {"asOf": "\(at)", "services": [{"id": "s", "term": \(term), "refusalTerm": {"workingDays": 2}, "hearingRequired": true,
                  "free": true, "permitCategory": "none", "requiredDocuments": ["application"], "obtainedFromSystems": [],
                  "schedule": {"timeZone": "Asia/Almaty", "open": "09:00", "close": "18:30"}, "queue": true}],
                 "officials": [{"id": "o", "maySign": ["s"], "absences": [{"from": "\(date)", "to": "\(date)"}]}],
                 "applications": [
                  {"id": "A", "service": "s", "channel": "paper", "queuePosition": 9223372036854775807, "events": [
                    {"type": "submitted", "at": "\(at)", "documents": ["application"]},
                    {"type": "registered", "at": "\(at)"},
                    {"type": "result_issued", "at": "\(at)", "signedBy": "o"},
                    {"type": "complaint_registered", "at": "\(at)", "complaint": "C"}]},
                  {"id": "B", "service": "s", "channel": "electronic", "queuePosition": -9223372036854775808, "events": [
                    {"type": "submitted", "at": "2025-03-03T10:00:00+05:00", "documents": ["application"]},
                    {"type": "received", "at": "\(at)"}]}]}
                """
                try Self.answers(["check", "-"], stdin: input)
            }
        }
    }

    @Test("rasim scan: rows and --as-of at the ends")
    func scan() throws {
        let dir = try TempDir()
        let services = dir.url.appendingPathComponent("services.csv"), apps = dir.url.appendingPathComponent("apps.csv")
        try """
        service_id,term_working_days,refusal_term_working_days,hearing_required,time_zone,open,close
        s,3,2,true,Asia/Almaty,09:00,18:30
        big,2147483648,9223372036854775807,false,Asia/Almaty,09:00,18:30

        """.write(to: services, atomically: true, encoding: .utf8)
        var rows = ["app_id,service_id,provider_id,channel,submitted_at,registered_at,decided_at,result,reasons_given,hearing_held"]
        for (i, d) in Self.dates.enumerated() {
            for offset in ["Z", "+14:00", "-12:00"] {
                let at = "\(d)T12:00:00\(offset)"
                rows.append("A\(i)\(offset.count),s,p,paper,\(at),\(at),\(at),issued,true,true")
                rows.append("B\(i)\(offset.count),s,p,electronic,2025-03-03T10:00:00+05:00,\(at),,pending,false,false")
            }
        }
        try (rows.joined(separator: "\n") + "\n").write(to: apps, atomically: true, encoding: .utf8)
        for asOf in ["0001-01-01T00:00:00Z", "2025-06-30T12:00:00+05:00", "9999-12-31T23:59:59-12:00"] {
            try Self.answers(["scan", apps.path, "--services", services.path, "--as-of", asOf, "--threads", "2"])
        }
    }

    @Test("rasim checklist score: requirement numbers at the ends")
    func checklist() throws {
        for n in Self.numbers {
            try Self.answers(["checklist", "score", "-"], stdin: #"{"subject": "s", "answers": [{"requirement": \#(n), "complies": true}]}"#)
        }
    }
}

/// Issue 11: a correction event in `rasim check` input — the mistaken registration's finding is kept, marked.
@Suite("Corrections in rasim check")
struct CorrectionCLITests {
    @Test("a correction moves the registration; the late-registration finding stays, marked corrected")
    func correctedFinding() throws {
        let input = """
        {"asOf": "2025-04-01T12:00:00+05:00", "services": [{"id": "s", "term": {"workingDays": 5}, "hearingRequired": false,
          "free": true, "requiredDocuments": ["application"], "schedule": {"timeZone": "Asia/Almaty", "open": "09:00", "close": "18:30"}}],
         "officials": [],
         "applications": [{"id": "A", "service": "s", "channel": "paper", "events": [
            {"type": "submitted", "at": "2025-03-03T10:00:00+05:00", "documents": ["application"]},
            {"type": "registered", "at": "2025-03-05T11:00:00+05:00"},
            {"type": "correction", "at": "2025-03-06T09:00:00+05:00", "corrects": 2, "reason": "wrong date copied", "replacementAt": "2025-03-03T11:00:00+05:00"}]}]}
        """
        let r = try Rasim.run(["check", "-"], stdin: input)
        #expect(r.status == 0, "\(r)")
        let findings = try r.json()["findings"]?.array ?? []
        let late = findings.filter { $0["code"]?.string == "late_registration" }
        #expect(late.count == 1 && late.first?["corrected"]?["reason"]?.string == "wrong date copied", "\(r.stdout)")
        // Naming an event that is not there is an input error with its path.
        let bad = try Rasim.run(["check", "-"], stdin: input.replacingOccurrences(of: "\"corrects\": 2", with: "\"corrects\": 7"))
        #expect(bad.status == 2 && bad.stderr.contains("$.applications[0].events[2].corrects"), "\(bad)")
    }

    @Test("an asOf before PS-RISK-2023 is in force is judged all the same, with a warning naming the day; none after")
    func warnsBeforeTheRiskCriteria() throws {
        let input = """
        {"asOf": "ASOF", "services": [{"id": "s", "term": {"workingDays": 5}, "hearingRequired": false, "free": true,
          "requiredDocuments": ["application"], "schedule": {"timeZone": "Asia/Almaty", "open": "09:00", "close": "18:30"}}],
         "officials": [], "applications": []}
        """
        let before = try Rasim.run(["check", "-"], stdin: input.replacingOccurrences(of: "ASOF", with: "2022-06-01T12:00:00+06:00"))
        #expect(before.status == 0 && before.stderr.contains("asOf 2022-06-01 is before PS-RISK-2023 is known to be in force"), "\(before)")
        let after = try Rasim.run(["check", "-"], stdin: input.replacingOccurrences(of: "ASOF", with: "2025-06-01T12:00:00+05:00"))
        #expect(after.status == 0 && !after.stderr.contains("PS-RISK-2023"), "\(after)")
    }
}
