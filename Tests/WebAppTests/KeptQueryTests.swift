import Foundation
import HTTPTypes
import LegalCore
import SQLKit
@testable import Storage
import Testing
import WebKit
@testable import PublicServicesFeature

/// Issue 18: the register, its exports and the dashboard's counts are queries over the kept judgements. Each
/// filter's answer is compared with an oracle written here, in Swift, over every application as the use case
/// lists it (`API.listed`): the same applications, in the same order.
@Suite("The register as a query keeps what the filters mean")
struct KeptQueryTests {
    /// The ids of a register export, in its order.
    static func exported(_ c: APIClient, _ cookie: HTTPFields, _ query: String) async throws -> [String] {
        let r = try await c.call(.get, "/applications.csv?" + query, headers: cookie)
        #expect(r.status == .ok, "\(query): \(r.status)")
        return r.text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { String($0.prefix(while: { $0 != ";" })) }
    }

    static func found(_ needle: Substring, in l: Listed) -> Bool {
        l.row.id.lowercased().contains(needle.lowercased()) || (l.row.applicant?.lowercased().contains(needle.lowercased()) ?? false)
    }

    /// SQLite always; PostgreSQL too where RASIM_TEST_POSTGRES_URL names a server (CI): the queries are written once
    /// for both, and their NULLs, LIKE and ordering must agree.
    static let engines: [String] = ["sqlite"] + (ProcessInfo.processInfo.environment["RASIM_TEST_POSTGRES_URL"].map { $0.isEmpty ? [] : ["postgres"] } ?? [])

    @Test("each filter of the register, its open queue and its count answer what a filter over every listed application gives, in order",
          arguments: engines)
    func registerMatchesTheOracle(engine: String) async throws {
        if engine == "postgres" {
            try await TwoServersTests.onFreshDatabases(1) { try await Self.compare($0[0]) }
        } else {
            try await Self.compare(nil)
        }
    }

    /// Each list's query walks the index that answers it in its order — a page of the register, of one state, of one
    /// organization, its first and last receipt, a submission range — and never sorts every kept row (at a million
    /// that was 0.3 s for the dashboard's span and every first register page). SQLite's planner is asked twice: with
    /// no statistics, and with those the server's sampled ANALYZE (`Database.optimize`, 1 000 rows an index) writes at
    /// a million rows — every index's leading column seemingly picking 1 001 rows, which made a covering index with a
    /// sort look cheaper than the walk.
    @Test("the lists' queries walk their index in their order, never sorting every kept row (SQLite)", arguments: [false, true])
    func plans(sampledMillion: Bool) async throws {
        try await withAPI(demoApplications: 30) { h, _ in
            let store = h.store, module = "public-services"
            if sampledMillion {
                try await store.database.write { db in
                    try await db.raw("ANALYZE").run()
                    for table in ["judgements", "judgement_findings"] {
                        try await db.raw("DELETE FROM sqlite_stat1 WHERE tbl = \(bind: table)").run()
                        for index in try await db.raw("SELECT name FROM pragma_index_list(\(bind: table))").all().map({ try $0.decode(column: "name", as: String.self) }) {
                            let columns = try await db.raw("SELECT COUNT(*) AS n FROM pragma_index_info(\(bind: index))").first()?.decode(column: "n", as: Int.self) ?? 0
                            let stat = (["1000000"] + Array(repeating: "1001", count: columns)).joined(separator: " ")
                            try await db.raw("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (\(bind: table), \(bind: index), \(bind: stat))").run()
                        }
                    }
                }
            }
            func plan(_ q: SQLQueryString) async throws -> String {
                // On the writer's connection, which reads the statistics again first.
                try await store.database.write { db in
                    try await db.raw("ANALYZE sqlite_schema").run()
                    var explain: SQLQueryString = "EXPLAIN QUERY PLAN "
                    explain.appendInterpolation(q)
                    return try await db.raw(explain).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
                }
            }
            func page(_ f: KeptFilter) throws -> SQLQueryString {
                try #require(store.keptPageQuery(module: module, f, order: .receivedLatest, offset: 0, limit: 25, after: nil)).0
            }
            var overdue = KeptFilter(), abai = KeptFilter(providers: ["akimat-abai"]), range = KeptFilter()
            overdue.states = ["overdue"]
            range.submittedFrom = 1_700_000_000; range.submittedTo = 1_800_000_000
            var count: SQLQueryString = "SELECT COUNT(*) AS n"
            count.appendInterpolation(store.keptFrom(module, range))
            var findings: SQLQueryString = "SELECT x.body"
            findings.appendInterpolation(store.keptFindingsFrom(module, range))
            findings.appendLiteral(" AND x.code = 'term_breach'")
            let cases: [(String, SQLQueryString, String)] = [
                ("the register's first page", try page(KeptFilter()), "judgements_received"),
                ("one state's first page", try page(overdue), "judgements_state_received"),
                ("one organization's first page", try page(abai), "judgements_provider"),
                ("the first and last receipt", store.keptReceiptSpanQuery(module: module, KeptFilter()), "judgements_received"),
                ("a submission range's count", count, "judgements_submitted"),
                ("a submission range's findings of one code", findings, "judgement_findings_submitted"),
            ]
            for (what, query, index) in cases {
                let p = try await plan(query)
                #expect(p.contains("USING COVERING INDEX \(index) ") || p.contains("USING INDEX \(index) "), "\(what): \(p)")
                #expect(!p.contains("TEMP B-TREE FOR ORDER BY") && !p.contains("SCAN j") && !p.contains("SCAN x"), "\(what): \(p)")
            }
        }
    }

    /// A stream in small pages, each after the last row of the one before (keyset), gives what one page of all gives,
    /// in both orders, with and without a filter.
    static func checkKeyset(_ store: Store) async throws {
        let module = "public-services"
        let open = ["due_today", "due_next", "overdue", "open", "beyond_calendar"]
        var overdue = KeptFilter()
        overdue.states = ["overdue", "result"]
        for (filter, order) in [(KeptFilter(), KeptOrder.receivedLatest), (overdue, .receivedLatest), (KeptFilter(), .expiring(states: open))] {
            let whole = try await store.keptPage(module: module, filter, order: order, offset: 0, limit: 100_000).map(\.row.key)
            var streamed: [String] = []
            try await store.streamKept(module: module, filter, order: order, pageSize: 7) { page in streamed += page.map(\.row.key) }
            #expect(streamed == whole && whole.count > 7, "\(order): \(streamed.count) streamed, \(whole.count) in one page")
        }
    }

    /// The tallies after the first judging, after judgements are rewritten (a decision on open applications), after
    /// they are forgotten, and after they are made again: each time what a count over the kept rows gives.
    static func checkTalliesFollowChanges(_ store: Store, _ c: APIClient, _ cookie: HTTPFields, _ all: [Listed]) async throws {
        try await Self.checkTallies(store)
        // Judgements rewritten (a decision on open applications) and forgotten: the tallies follow every change.
        let now = Instant(secondsSinceEpoch: Clock.nowEpoch()).iso(offsetSeconds: 5 * 3600)
        var decided = 0, refusals: [String] = []
        for l in all.filter({ $0.status.isOpen && $0.row.provider == "akimat-abai" }).prefix(12) {
            let r = try await c.post("/api/v1/applications/\(l.row.id)/events?provider=\(l.row.provider)", Bodies.event("result_issued", now), as: .signer)
            if r.status == .created { decided += 1 } else { refusals.append("\(r.status) \(r.text.prefix(200))") }
        }
        #expect(decided > 0, "some open application was decided: \(refusals)")
        _ = try await c.call(.get, "/dashboard", headers: cookie)
        try await Self.checkTallies(store)
        try await store.forgetJudgements(module: "public-services")
        try await Self.checkTallies(store)
        _ = try await c.call(.get, "/dashboard", headers: cookie)
        try await Self.checkTallies(store)
    }

    /// The first pages of what expires first over every organization (merged per state from an index walk) are the
    /// oracle's order, with and without an offset, for the open states and for all.
    static func checkFirstPages(_ store: Store, open: [String]) async throws {
        let ranking = ["due_today", "due_next", "overdue", "open", "beyond_calendar"]
        var f = KeptFilter()
        f.states = ranking
        for (offset, limit) in [(0, 100), (3, 7), (0, 1), (open.count - 2, 10)] {
            let page = try await store.keptPage(module: "public-services", f, order: .expiring(states: ranking), offset: offset, limit: limit).map(\.row.id)
            #expect(page == Array(open.dropFirst(offset).prefix(limit)), "offset \(offset), limit \(limit)")
        }
    }

    /// A submission range (the findings API's from/to) is read from the instants kept with the judgements and their
    /// findings: its count, its page and its findings (all, of one code, of one organization) are what a plain join of
    /// every kept judgement to its application's own `submitted_epoch` gives.
    static func checkSubmissionRange(_ store: Store) async throws {
        let bounds = try await store.database.read { db in
            try await db.raw("SELECT MIN(submitted_epoch) AS lo, MAX(submitted_epoch) AS hi FROM applications").first()
                .map { (try $0.decode(column: "lo", as: Int64.self), try $0.decode(column: "hi", as: Int64.self)) }
        }
        let (lo, hi) = try #require(bounds)
        let from = lo + (hi - lo) / 3, to = lo + 2 * (hi - lo) / 3
        var f = KeptFilter()
        f.submittedFrom = from; f.submittedTo = to
        // The oracle: the kept rows joined to their application's own instant.
        let inRange = "JOIN applications a ON a.id = j.subject WHERE j.module = 'public-services' AND a.submitted_epoch >= \(from) AND a.submitted_epoch <= \(to)"
        let subjects = try await store.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM judgements j \(unsafeRaw: inRange)").first().map { try $0.decode(column: "n", as: Int.self) } ?? -1
        }
        #expect(subjects > 0)
        #expect(try await store.keptCount(module: "public-services", f) == subjects)
        let page = try await store.keptPage(module: "public-services", f, order: .receivedLatest, offset: 0, limit: 100_000)
        #expect(page.count == subjects)
        for (provider, code) in [(nil, nil), (nil, "term_breach"), ("akimat-abai", nil), ("akimat-abai", "term_breach")] as [(String?, String?)] {
            var g = f
            g.providers = provider.map { [$0] }
            var streamed: [String] = []
            try await store.streamKeptFindings(module: "public-services", g, code: code, pageSize: 7) { streamed += $0.map(\.body) }
            let and = (provider.map { " AND a.provider = '\($0)'" } ?? "") + (code.map { " AND x.code = '\($0)'" } ?? "")
            // Every finding of the range, in the answer's order: by application number, organization, code and order in
            // the judgement.
            let ordered = try await store.database.read { db in
                try await db.raw("SELECT x.body FROM judgement_findings x JOIN judgements j ON j.module = x.module AND j.subject = x.subject \(unsafeRaw: inRange + and) ORDER BY x.application, x.subject, x.code, x.n")
                    .all().map { try $0.decode(column: "body", as: String.self) }
            }
            #expect(code != nil || !ordered.isEmpty, "\(provider ?? "all"): findings in the range")
            #expect(streamed == ordered, "\(provider ?? "all"), \(code ?? "every code"): \(streamed.count) streamed, \(ordered.count) joined")
        }
    }

    /// The tallies the triggers keep (`judgement_tallies`, `judgement_counts`) equal what a count over the kept rows
    /// gives — per organization and for all of them (organization "").
    static func checkTallies(_ store: Store) async throws {
        func rows(_ sql: SQLQueryString) async throws -> [String: Int] {
            try await store.database.read { db in
                var out: [String: Int] = [:]
                for r in try await db.raw(sql).all() {
                    let n = try r.decode(column: "n", as: Int.self)
                    if n != 0 { out[try r.decode(column: "k", as: String.self), default: 0] += n }
                }
                return out
            }
        }
        let findings = try await rows("SELECT provider || '|' || code AS k, COUNT(*) AS n FROM judgement_findings GROUP BY provider, code")
        let talliedFindings = try await rows("SELECT provider || '|' || code AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies WHERE provider <> '' GROUP BY provider, code")
        #expect(findings == talliedFindings, "findings by organization and code: counted \(findings.count) keys, tallied \(talliedFindings.count)")
        let allFindings = try await rows("SELECT code AS k, COUNT(*) AS n FROM judgement_findings GROUP BY code")
        let talliedAll = try await rows("SELECT code AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies WHERE provider = '' GROUP BY code")
        #expect(allFindings == talliedAll)
        let states = try await rows("SELECT provider || '|' || state AS k, COUNT(*) AS n FROM judgements GROUP BY provider, state")
        let talliedStates = try await rows("SELECT provider || '|' || state AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_counts WHERE provider <> '' GROUP BY provider, state")
        #expect(states == talliedStates)
        let allStates = try await rows("SELECT state AS k, COUNT(*) AS n FROM judgements GROUP BY state")
        let talliedAllStates = try await rows("SELECT state AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_counts WHERE provider = '' GROUP BY state")
        #expect(allStates == talliedAllStates)
        // By month of receipt: the month's first day as the tallies name it.
        var byMonth: [String: Int] = [:]
        for (k, n) in try await rows("SELECT CAST(received_day AS TEXT) AS k, COUNT(*) AS n FROM judgement_findings WHERE received_day IS NOT NULL GROUP BY received_day") {
            let d = LocalDate(dayNumber: Int32(k)!)
            byMonth[String(LocalDate(year: d.year, month: d.month, day: 1)!.dayNumber), default: 0] += n
        }
        let talliedMonths = try await rows("SELECT CAST(month AS TEXT) AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies WHERE provider = '' AND month >= 0 GROUP BY month")
        #expect(byMonth == talliedMonths)
    }

    /// The findings report and its export: every finding of the filtered applications, one row each.
    static func checkReports(_ c: APIClient, _ cookie: HTTPFields, _ all: [Listed]) async throws {
        let findings: (Listed) -> Int = { $0.codes.count }
        let cases: [(String, Int)] = [
            ("", all.map(findings).reduce(0, +)),
            ("finding=term_breach", all.map { $0.codes.filter { $0 == "term_breach" }.count }.reduce(0, +)),
            ("provider=akimat-abai&status=result", all.filter { $0.row.provider == "akimat-abai" && $0.status == .result }.map(findings).reduce(0, +)),
        ]
        for (query, n) in cases {
            let report = try await c.call(.get, "/reports?" + query, headers: cookie).text
            #expect(report.contains("id=\"report-total\">\(n)</strong>"), "report \(query): \(n)")
            let csv = try await c.call(.get, "/reports/findings.csv?" + query, headers: cookie).text
            #expect(csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.count == n, "report export \(query): \(n)")
        }
    }

    static func compare(_ url: String?) async throws {
        try await withAPI(demoApplications: 160, databaseURL: url) { h, c in
            let (cookie, _) = try await PagesTests.signIn(c, "inspector")
            let api = API(store: h.store, catalog: Catalog(store: h.store, calendar: APIFixtures.calendar), calendar: APIFixtures.calendar,
                          permissions: h.server.permissions)
            let all = try await api.listed(providers: nil, asOf: Instant(secondsSinceEpoch: Clock.nowEpoch()))
            #expect(all.count > 150)
            let sample = try #require(all.first { $0.receiptDay != nil && $0.row.applicant != nil })
            let day = try #require(sample.receiptDay)
            let newest: (Listed, Listed) -> Bool = {
                ($0.receiptDay?.dayNumber ?? Int32.min, $0.row.key) > ($1.receiptDay?.dayNumber ?? Int32.min, $1.row.key)
            }
            let cases: [(String, (Listed) -> Bool)] = [
                ("", { _ in true }),
                ("status=overdue", { $0.status == .overdue }),
                ("status=result", { $0.status == .result }),
                ("finding=term_breach", { $0.codes.contains("term_breach") }),
                ("channel=paper", { $0.row.channel == "paper" }),
                ("provider=akimat-abai", { $0.row.provider == "akimat-abai" }),
                ("from=\(day.adding(days: -20))&to=\(day)", { $0.receiptDay.map { $0 >= day.adding(days: -20) && $0 <= day } ?? false }),
                // A search looks in the application's number and in its applicant's IIN/BIN.
                ("q=" + String(sample.row.id.suffix(3)), { Self.found(sample.row.id.suffix(3), in: $0) }),
                ("q=" + String(sample.row.applicant!.prefix(6)), { Self.found(sample.row.applicant!.prefix(6), in: $0) }),
                ("provider=akimat-abai&finding=late_registration&status=result", {
                    $0.row.provider == "akimat-abai" && $0.codes.contains("late_registration") && $0.status == .result }),
            ]
            for (query, keeps) in cases {
                let expected = all.filter(keeps).sorted(by: newest).map(\.row.id)
                let got = try await Self.exported(c, cookie, query)
                #expect(got == expected, "\(query): \(got.count) exported, \(expected.count) expected: \(got) vs \(expected)")
                let page = try await c.call(.get, "/applications?" + query, headers: cookie)
                #expect(page.text.contains("id=\"register-total\">\(expected.count)</strong>"),
                        "\(query): the page's count is \(expected.count)")
            }
            // The open queue: what expires first (today, the next working day, overdue, the rest), then by due day.
            let open = all.filter(\.status.isOpen).sorted {
                (WorkQueue.rank($0.status), $0.due?.dayNumber ?? Int32.max, $0.row.key) < (WorkQueue.rank($1.status), $1.due?.dayNumber ?? Int32.max, $1.row.key)
            }.map(\.row.id)
            #expect(try await Self.exported(c, cookie, "queue=open") == open)
            try await Self.checkFirstPages(h.store, open: open)
            try await Self.checkSubmissionRange(h.store)
            #expect(!open.isEmpty)
            // The inspector's dashboard: its counts are the oracle's — the open queue by state, the organizations'
            // applications, findings and overdue ones, the findings by code.
            let dash = try await c.call(.get, "/dashboard", headers: cookie).text
            let count: (ApplicationStatus?) -> Int = { s in all.filter { $0.status.isOpen && (s == nil || $0.status == s) }.count }
            for (cls, n) in [("total", count(nil)), ("due_today", count(.dueToday)), ("due_next", count(.dueNext)), ("overdue", count(.overdue))] {
                #expect(dash.contains("<li class=\"tile \(cls)\"><a href=\"/applications?queue=open\(cls == "total" ? "" : "&amp;status=" + cls)\"><span class=\"n\">\(n)</span>"),
                        "tile \(cls): \(n)")
            }
            for provider in Set(all.map(\.row.provider)) {
                let mine = all.filter { $0.row.provider == provider }
                let row = "<td class=\"num\">\(mine.count)</td><td class=\"num\">\(mine.reduce(0) { $0 + $1.findingCount })</td>"
                #expect(dash.contains(row), "\(provider): \(row)")
            }
            var byCode: [String: Int] = [:]
            for l in all { for code in l.codes { byCode[code, default: 0] += 1 } }
            try await Self.checkReports(c, cookie, all)
            try await Self.checkKeyset(h.store)
            try await Self.checkTalliesFollowChanges(h.store, c, cookie, all)
            for (code, n) in byCode {
                let cell = try #require(dash.range(of: "/applications?finding=\(code)\">"), "code \(code) listed")
                let rest = dash[cell.upperBound...]
                let number = rest.range(of: "<td class=\"num\">").map { rest[$0.upperBound...].prefix(while: \.isNumber) }
                #expect(number.map(String.init) == String(n), "\(code): \(n)")
            }
        }
    }
}
