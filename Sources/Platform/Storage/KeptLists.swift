import SQLKit
import LegalCore

/// The lists as queries over the kept judgements (issue 18): counts, pages, tallies and streams that touch the
/// rows they answer with — through the indexes on `judgements` (module with provider and state, with receipt day,
/// with `holds_until`) and `judgement_findings` (module, provider, code) — never every visible application in
/// memory. The caller brings the judgements up to date first (a feature's refresh); a page's rows carry the
/// last event of their timeline as it is now, so a row whose timeline moved on since (a write behind Rasim's
/// back) is seen, not served. They read through `Database.readList`: from a read replica when one is attached.
public struct KeptFilter: Sendable {
    /// Organizations (nil: all).
    public var providers: [String]?
    public var service: String?
    public var channel: String?
    /// Kept states (nil: any).
    public var states: [String]?
    /// Only subjects with a finding of this code.
    public var code: String?
    /// Receipt day, both ends included.
    public var receivedFrom: Int32?
    public var receivedTo: Int32?
    /// Submission instant, both ends included.
    public var submittedFrom: Int64?
    public var submittedTo: Int64?
    /// The application's number (not its organization) or the applicant contains it, letter case aside.
    public var search: String?
    /// Only these subjects (e.g. those assigned to someone).
    public var subjects: [String]?
    /// Only subjects whose kept detail contains this text (the feature's own words, e.g. a non-empty list of it).
    public var detailContains: String?

    public init(providers: [String]? = nil) { self.providers = providers }

    var empty: Bool { (providers?.isEmpty ?? false) || (subjects?.isEmpty ?? false) || (states?.isEmpty ?? false) }
    /// Whether it reads the applications' own columns (else the judgements alone answer it).
    var needsApplications: Bool { service != nil || channel != nil || search != nil }
    /// Whether a submission range narrows it.
    var bySubmission: Bool { submittedFrom != nil || submittedTo != nil }
    /// Whether it asks for nothing but organizations (what is tallied as judgements are written answers it).
    var onlyProviders: Bool { !bySubmission && findingsAlone }
    /// Whether it asks for nothing but organizations and a submission range (the findings' own columns then answer
    /// for their subjects).
    var findingsAlone: Bool {
        !needsApplications && states == nil && code == nil && receivedFrom == nil && receivedTo == nil && subjects == nil && detailContains == nil
    }
    /// Whether it asks for nothing but organizations and states (the tallies by state answer it).
    var onlyProvidersAndStates: Bool {
        var rest = self
        rest.states = nil
        return rest.onlyProviders
    }
}

/// Where the previous page of a stream ended (keyset paging: the next page starts after it, whatever came before),
/// as the page's own query ordered it.
public struct KeptCursor: Sendable, Equatable {
    var received: Int64?
    var rank: Int
    var due: Int64
    var subject: String
}

/// The order of a page.
public enum KeptOrder: Sendable {
    /// Latest receipt first (the register).
    case receivedLatest
    /// What expires first: the states in the given order, then by due day (a queue).
    case expiring(states: [String])
}

extension Store {
    /// ` FROM judgements j [JOIN applications a] WHERE …` for `f`: the applications joined only when `f` or the
    /// caller (`applications`) reads their columns.
    func keptFrom(_ module: String, _ f: KeptFilter, applications: Bool = false) -> SQLQueryString {
        var sql: SQLQueryString = " FROM judgements j"
        if applications || f.needsApplications { sql.appendLiteral(" JOIN applications a ON a.id = j.subject") }
        sql.appendInterpolation(keptWhere(module, f))
        return sql
    }

    /// The findings of the subjects `f` keeps: ` FROM judgement_findings x …` — the findings alone when `f` asks only
    /// for organizations and a submission range (their own `provider` and `submitted_epoch`, indexed), else joined to
    /// their judgements (and applications).
    func keptFindingsFrom(_ module: String, _ f: KeptFilter) -> SQLQueryString {
        if f.findingsAlone {
            var sql: SQLQueryString = " FROM judgement_findings x WHERE x.module = \(bind: module)"
            if let t = f.submittedFrom { sql.appendLiteral(" AND x.submitted_epoch >= "); sql.appendInterpolation(bind: t) }
            if let t = f.submittedTo { sql.appendLiteral(" AND x.submitted_epoch <= "); sql.appendInterpolation(bind: t) }
            if let p = f.providers { sql.appendLiteral(" AND x.provider IN ("); sql.appendInterpolation(binds: p); sql.appendLiteral(")") }
            return sql
        }
        var sql: SQLQueryString = " FROM judgement_findings x JOIN judgements j ON j.module = x.module AND j.subject = x.subject"
        if f.needsApplications { sql.appendLiteral(" JOIN applications a ON a.id = j.subject") }
        sql.appendInterpolation(keptWhere(module, f))
        if let p = f.providers { sql.appendLiteral(" AND x.provider IN ("); sql.appendInterpolation(binds: p); sql.appendLiteral(")") }
        return sql
    }

    /// ` WHERE …` over `j` (and `a`) for `f`.
    func keptWhere(_ module: String, _ f: KeptFilter) -> SQLQueryString {
        var sql: SQLQueryString = " WHERE j.module = \(bind: module)"
        if let p = f.providers { sql.appendLiteral(" AND j.provider IN ("); sql.appendInterpolation(binds: p); sql.appendLiteral(")") }
        if let s = f.service { sql.appendLiteral(" AND a.service = "); sql.appendInterpolation(bind: s) }
        if let c = f.channel { sql.appendLiteral(" AND a.channel = "); sql.appendInterpolation(bind: c) }
        if let s = f.states { sql.appendLiteral(" AND j.state IN ("); sql.appendInterpolation(binds: s); sql.appendLiteral(")") }
        if let c = f.code {
            sql.appendLiteral(" AND EXISTS (SELECT 1 FROM judgement_findings x WHERE x.module = j.module AND x.subject = j.subject AND x.code = ")
            sql.appendInterpolation(bind: c); sql.appendLiteral(")")
        }
        if let d = f.receivedFrom { sql.appendLiteral(" AND j.received_day >= "); sql.appendInterpolation(bind: d) }
        if let d = f.receivedTo { sql.appendLiteral(" AND j.received_day <= "); sql.appendInterpolation(bind: d) }
        // What waits for the calendar is a few rows among all, found by its partial index (judgements_detail): the
        // range is then only checked, not walked (SQLite's "+" keeps its planner from walking a month of judgements
        // instead; it is the same number on PostgreSQL).
        let submitted = f.detailContains == nil ? " AND j.submitted_epoch" : " AND +j.submitted_epoch"
        if let t = f.submittedFrom { sql.appendLiteral(submitted + " >= "); sql.appendInterpolation(bind: t) }
        if let t = f.submittedTo { sql.appendLiteral(submitted + " <= "); sql.appendInterpolation(bind: t) }
        if let s = f.search {
            let needle = "%" + Self.likeEscaped(s.lowercased()) + "%"
            // The key is "provider|id": its id part contains the needle when the key is like "provider|%needle%".
            sql.appendLiteral(" AND (LOWER(a.id) LIKE LOWER(a.provider) || '|' || "); sql.appendInterpolation(bind: needle)
            sql.appendLiteral(" ESCAPE '\\' OR LOWER(a.applicant) LIKE "); sql.appendInterpolation(bind: needle); sql.appendLiteral(" ESCAPE '\\')")
        }
        if let s = f.subjects { sql.appendLiteral(" AND j.subject IN ("); sql.appendInterpolation(binds: s); sql.appendLiteral(")") }
        if let d = f.detailContains {
            sql.appendLiteral(" AND j.detail IS NOT NULL AND j.detail LIKE "); sql.appendInterpolation(bind: "%" + Self.likeEscaped(d) + "%"); sql.appendLiteral(" ESCAPE '\\'")
        }
        return sql
    }

    static func likeEscaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// How many kept subjects `f` keeps.
    public func keptCount(module: String, _ f: KeptFilter) async throws -> Int {
        if f.empty { return 0 }
        // Organizations and states alone: the tallies' sum, not a count that grows with the rows it matches.
        if f.onlyProvidersAndStates { return try await keptStates(module: module, f).values.reduce(0, +) }
        return try await database.readList { db in
            var sql: SQLQueryString = "SELECT COUNT(*) AS n"
            sql.appendInterpolation(keptFrom(module, f))
            return try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// How many of them are in each state.
    public func keptStates(module: String, _ f: KeptFilter) async throws -> [String: Int] {
        if f.empty { return [:] }
        if f.onlyProvidersAndStates {
            // Kept as the judgements are written (`judgement_counts`): a row per organization and state.
            var sql: SQLQueryString = "SELECT state AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_counts WHERE module = \(bind: module)"
            sql.appendInterpolation(talliedProviders(f))
            if let states = f.states { sql.appendLiteral(" AND state IN ("); sql.appendInterpolation(binds: states); sql.appendLiteral(")") }
            sql.appendLiteral(" GROUP BY state")
            return try await sums(sql)
        }
        return try await counts(of: "j.state", keptFrom(module, f))
    }

    /// ` AND provider …` of the tallies: the organizations' rows; for all of them, their sum (organization "") or,
    /// with `each`, every organization's own rows.
    func talliedProviders(_ f: KeptFilter, each: Bool = false) -> SQLQueryString {
        guard let providers = f.providers else { return each ? " AND provider <> ''" : " AND provider = ''" }
        var sql: SQLQueryString = " AND provider IN ("
        sql.appendInterpolation(binds: providers)
        sql.appendLiteral(")")
        return sql
    }

    /// `SELECT k, CAST(SUM(n) AS BIGINT) AS n …` as a dictionary, the keys whose sum is 0 left out.
    func sums(_ sql: SQLQueryString) async throws -> [String: Int] {
        try await database.readList { db in
            var out: [String: Int] = [:]
            for r in try await db.raw(sql).all() {
                let n = try r.decode(column: "n", as: Int.self)
                if n != 0 { out[try r.decode(column: "k", as: String.self)] = n }
            }
            return out
        }
    }

    /// `SELECT key, COUNT(*) … GROUP BY key` over `from` (a `keptFrom` or `keptFindingsFrom`).
    func counts(of key: String, _ from: SQLQueryString) async throws -> [String: Int] {
        try await database.readList { db in
            var sql: SQLQueryString = "SELECT \(unsafeRaw: key) AS k, COUNT(*) AS n"
            sql.appendInterpolation(from)
            sql.appendLiteral(" GROUP BY \(key)")
            var out: [String: Int] = [:]
            for r in try await db.raw(sql).all() { out[try r.decode(column: "k", as: String.self)] = try r.decode(column: "n", as: Int.self) }
            return out
        }
    }

    /// One page of them: `limit` rows after the first `offset`, in `order`, each with its kept judgement (findings
    /// not read) and its timeline's last event now. The page is chosen over the judgements alone (an index walk for
    /// the latest receipts); the applications' columns and the timelines' last events are read for its rows only.
    public func keptPage(module: String, _ f: KeptFilter, order: KeptOrder, offset: Int, limit: Int) async throws -> [TimelineJudgement] {
        try await keptRows(module: module, f, order: order, offset: offset, limit: limit, after: nil).rows
    }

    /// `keptPage`, after `after` when given, with where its last row stands in the order (the next page's cursor).
    func keptRows(module: String, _ f: KeptFilter, order: KeptOrder, offset: Int, limit: Int, after: KeptCursor?) async throws
        -> (rows: [TimelineJudgement], last: KeptCursor?) {
        guard let (inner, outerOrder) = keptPageQuery(module: module, f, order: order, offset: offset, limit: limit, after: after) else { return ([], nil) }
        return try await database.readList { db in try await Self.rowsOf(db, inner: inner, module: module, outerOrder: outerOrder) }
    }

    /// The query choosing a page's subjects (`s`, `rd`, `dd`, `rk`) and the order of its rows (nil: none can match).
    func keptPageQuery(module: String, _ f: KeptFilter, order: KeptOrder, offset: Int, limit: Int, after: KeptCursor?) -> (SQLQueryString, String)? {
        if f.empty { return nil }
        func rank(_ states: [String]) -> SQLQueryString {
            var r: SQLQueryString = "CASE j.state"
            for (n, st) in states.enumerated() { r.appendLiteral(" WHEN "); r.appendInterpolation(bind: st); r.appendLiteral(" THEN \(n)") }
            r.appendLiteral(" ELSE \(states.count) END")
            return r
        }
        var inner: SQLQueryString = "SELECT j.subject AS s, j.received_day AS rd, COALESCE(j.due_day, 2147483647) AS dd, "
        var outerOrder: String
        // The first page of what expires first, over every organization: per state, the first rows by due day (an
        // index walk on judgements_expiring, with and without a due day), merged — not every open judgement sorted.
        if case .expiring(let states) = order, after == nil, f.onlyProvidersAndStates, f.providers == nil {
            let wanted = max(0, offset) + max(0, limit)
            var parts: [SQLQueryString] = []
            for (n, st) in states.enumerated() where f.states?.contains(st) ?? true {
                for dated in [true, false] {
                    var part: SQLQueryString = "SELECT * FROM (SELECT j.subject AS s, j.received_day AS rd, "
                    part.appendLiteral(dated ? "j.due_day AS dd, \(n) AS rk" : "2147483647 AS dd, \(n) AS rk")
                    part.appendInterpolation(SQLQueryString(" FROM judgements j WHERE j.module = \(bind: module) AND j.state = \(bind: st)"))
                    part.appendLiteral(dated ? " AND j.due_day IS NOT NULL ORDER BY j.due_day, j.subject" : " AND j.due_day IS NULL ORDER BY j.subject")
                    part.appendLiteral(" LIMIT "); part.appendInterpolation(bind: wanted)
                    part.appendLiteral(") AS e\(parts.count)")
                    parts.append(part)
                }
            }
            let others = f.states?.filter { !states.contains($0) }
            if others.map({ !$0.isEmpty }) ?? !states.isEmpty {
                // States outside the ranking come last, as the general query ranks them.
                var part: SQLQueryString = "SELECT * FROM (SELECT j.subject AS s, j.received_day AS rd, COALESCE(j.due_day, 2147483647) AS dd, \(unsafeRaw: String(states.count)) AS rk"
                part.appendInterpolation(SQLQueryString(" FROM judgements j WHERE j.module = \(bind: module) AND j.state \(unsafeRaw: others == nil ? "NOT IN" : "IN") ("))
                part.appendInterpolation(binds: others ?? states)
                part.appendLiteral(") ORDER BY dd, j.subject LIMIT "); part.appendInterpolation(bind: wanted); part.appendLiteral(") AS eo")
                parts.append(part)
            }
            if parts.isEmpty { return nil }
            inner = "SELECT * FROM ("
            for (k, part) in parts.enumerated() {
                if k > 0 { inner.appendLiteral(" UNION ALL ") }
                inner.appendInterpolation(part)
            }
            inner.appendLiteral(") AS m ORDER BY rk, dd, s LIMIT "); inner.appendInterpolation(bind: max(0, limit))
            inner.appendLiteral(" OFFSET "); inner.appendInterpolation(bind: max(0, offset))
            return (inner, " ORDER BY p.rk, p.dd, p.s")
        }
        switch order {
        case .receivedLatest:
            inner.appendLiteral("0 AS rk")
            outerOrder = " ORDER BY p.rd DESC NULLS LAST, p.s DESC"
        case .expiring(let states):
            inner.appendInterpolation(rank(states)); inner.appendLiteral(" AS rk")
            outerOrder = " ORDER BY p.rk, p.dd, p.s"
        }
        // After a row with a receipt day, the newest-first stream goes on in two index walks — the earlier days
        // (a row-value range, so the walk starts at the cursor, not at the top) and then the rows without a day
        // — merged; one OR of the two made every page scan from the newest row, and an export quadratic.
        if case .receivedLatest = order, let c = after, let rd = c.received {
            var parts: [SQLQueryString] = []
            for dated in [true, false] {
                var part: SQLQueryString = "SELECT * FROM (SELECT j.subject AS s, j.received_day AS rd, COALESCE(j.due_day, 2147483647) AS dd, 0 AS rk"
                part.appendInterpolation(keptFrom(module, f))
                part.appendInterpolation(dated ? SQLQueryString(" AND (j.received_day, j.subject) < (\(bind: rd), \(bind: c.subject)) ORDER BY j.received_day DESC, j.subject DESC")
                                               : SQLQueryString(" AND j.received_day IS NULL ORDER BY j.subject DESC"))
                part.appendLiteral(" LIMIT "); part.appendInterpolation(bind: max(0, limit))
                part.appendLiteral(") AS k\(parts.count)")
                parts.append(part)
            }
            var merged: SQLQueryString = "SELECT * FROM ("
            merged.appendInterpolation(parts[0]); merged.appendLiteral(" UNION ALL "); merged.appendInterpolation(parts[1])
            merged.appendLiteral(") AS m ORDER BY rd DESC NULLS LAST, s DESC LIMIT "); merged.appendInterpolation(bind: max(0, limit))
            merged.appendLiteral(" OFFSET "); merged.appendInterpolation(bind: max(0, offset))
            return (merged, outerOrder)
        }
        inner.appendInterpolation(keptFrom(module, f))
        if let c = after {
            switch order {
            case .receivedLatest:
                // (A cursor with a receipt day is handled above.)
                inner.appendInterpolation(SQLQueryString(" AND j.received_day IS NULL AND j.subject < \(bind: c.subject)"))
            case .expiring(let states):
                let rk = rank(states)
                var k: SQLQueryString = " AND ("
                k.appendInterpolation(rk); k.appendLiteral(" > "); k.appendInterpolation(bind: c.rank); k.appendLiteral(" OR (")
                k.appendInterpolation(rk); k.appendLiteral(" = "); k.appendInterpolation(bind: c.rank)
                k.appendInterpolation(SQLQueryString(" AND (COALESCE(j.due_day, 2147483647) > \(bind: c.due) OR (COALESCE(j.due_day, 2147483647) = \(bind: c.due) AND j.subject > \(bind: c.subject)))))"))
                inner.appendInterpolation(k)
            }
        }
        switch order {
        case .receivedLatest: inner.appendLiteral(" ORDER BY j.received_day DESC NULLS LAST, j.subject DESC")
        case .expiring: inner.appendLiteral(" ORDER BY rk, dd, j.subject")
        }
        inner.appendLiteral(" LIMIT "); inner.appendInterpolation(bind: max(0, limit))
        inner.appendLiteral(" OFFSET "); inner.appendInterpolation(bind: max(0, offset))
        return (inner, outerOrder)
    }

    /// The page's rows: `inner` chose the subjects (`s`, `rd`, `dd`, `rk`); their judgements, applications and
    /// timelines' last events are read for those alone.
    static func rowsOf(_ db: any SQLDatabase, inner: SQLQueryString, module: String, outerOrder: String) async throws -> (rows: [TimelineJudgement], last: KeptCursor?) {
        var sql: SQLQueryString = """
            SELECT a.id, a.service, a.provider, a.channel, a.applicant, a.queue_position, a.created_at,
              COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.application = a.id), 0) AS current_seq,
              j.seq AS judged_seq, j.basis, j.holds_until, j.state, j.received_day, j.due_day, j.codes, j.detail, p.rk, p.dd
            FROM (
            """
        sql.appendInterpolation(inner)
        sql.appendLiteral(") p JOIN judgements j ON j.module = "); sql.appendInterpolation(bind: module)
        sql.appendLiteral(" AND j.subject = p.s JOIN applications a ON a.id = p.s" + outerOrder)
        let found = try await db.raw(sql).all()
        let rows = try found.map { r in
            let row = try Store.applicationRow(r)
            return TimelineJudgement(row: row, seq: try r.decode(column: "current_seq", as: Int.self), stored: try? Store.storedJudgement(r, row))
        }
        let last = try found.last.map { r in
            KeptCursor(received: try r.decode(column: "received_day", as: Int64?.self), rank: try r.decode(column: "rk", as: Int.self),
                       due: try r.decode(column: "dd", as: Int64.self), subject: try r.decode(column: "id", as: String.self))
        }
        return (rows, last)
    }

    /// Their findings counted by code.
    public func keptFindingCodes(module: String, _ f: KeptFilter) async throws -> [String: Int] {
        if f.empty { return [:] }
        if f.onlyProviders {
            var sql: SQLQueryString = "SELECT code AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies WHERE module = \(bind: module)"
            sql.appendInterpolation(talliedProviders(f))
            sql.appendLiteral(" GROUP BY code")
            return try await sums(sql)
        }
        return try await counts(of: "x.code", keptFindingsFrom(module, f))
    }

    /// Their findings but those of code `except`, counted by the month of their subject's receipt: the day number of
    /// each month's first day → count (subjects without a receipt day left out).
    public func keptFindingsByMonth(module: String, _ f: KeptFilter, except: String) async throws -> [Int32: Int] {
        if f.empty { return [:] }
        guard f.onlyProviders else {
            var out: [Int32: Int] = [:]
            for (day, n) in try await keptFindingsByReceiptDay(module: module, f, except: except) {
                let d = LocalDate(dayNumber: day)
                out[LocalDate(year: d.year, month: d.month, day: 1)!.dayNumber, default: 0] += n
            }
            return out
        }
        var sql: SQLQueryString = "SELECT CAST(month AS TEXT) AS k, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies WHERE module = \(bind: module) AND month >= 0 AND code <> \(bind: except)"
        sql.appendInterpolation(talliedProviders(f))
        sql.appendLiteral(" GROUP BY month")
        return Dictionary(uniqueKeysWithValues: try await sums(sql).compactMap { k, n in Int32(k).map { ($0, n) } })
    }

    /// Their first and last receipt days (nil: none has one).
    public func keptReceiptSpan(module: String, _ f: KeptFilter) async throws -> (first: Int32, last: Int32)? {
        if f.empty { return nil }
        let sql = keptReceiptSpanQuery(module: module, f)
        return try await database.readList { db in
            guard let r = try await db.raw(sql).first(), let first = try Store.day(r, "first"), let last = try Store.day(r, "last") else { return nil }
            return (first, last)
        }
    }

    func keptReceiptSpanQuery(module: String, _ f: KeptFilter) -> SQLQueryString {
        // Two subqueries, not MIN and MAX in one: each alone is an index's first or last entry.
        var sql: SQLQueryString = "SELECT (SELECT MIN(j.received_day)"
        sql.appendInterpolation(keptFrom(module, f))
        sql.appendLiteral(") AS first, (SELECT MAX(j.received_day)")
        sql.appendInterpolation(keptFrom(module, f))
        sql.appendLiteral(") AS last")
        return sql
    }

    /// Their findings (but those of code `except`; only those of `only` when given) counted by their subject's receipt day.
    public func keptFindingsByReceiptDay(module: String, _ f: KeptFilter, except: String, only: String? = nil) async throws -> [Int32: Int] {
        if f.empty { return [:] }
        return try await database.readList { db in
            // One row per finding, counted by its subject's receipt day (kept with the finding).
            var sql: SQLQueryString = "SELECT x.received_day, COUNT(*) AS n"
            sql.appendInterpolation(keptFindingsFrom(module, f))
            sql.appendLiteral(" AND x.code <> "); sql.appendInterpolation(bind: except)
            if let only { sql.appendLiteral(" AND x.code = "); sql.appendInterpolation(bind: only) }
            sql.appendLiteral(" AND x.received_day IS NOT NULL GROUP BY x.received_day")
            var out: [Int32: Int] = [:]
            for r in try await db.raw(sql).all() {
                if let d = try Store.day(r, "received_day") { out[d] = try r.decode(column: "n", as: Int.self) }
            }
            return out
        }
    }

    /// Per organization: subjects, findings (but those of code `except`), overdue and open ones.
    public func keptByProvider(module: String, _ f: KeptFilter, overdue: String, open: [String], except: String) async throws
        -> [(provider: String, subjects: Int, findings: Int, overdue: Int, open: Int)] {
        if f.empty { return [] }
        if f.onlyProviders { return try await talliedByProvider(module: module, f, overdue: overdue, open: open, except: except) }
        var findingsFrom = keptFindingsFrom(module, f)
        findingsFrom.appendLiteral(" AND x.code <> "); findingsFrom.appendInterpolation(bind: except)
        let findings = try await counts(of: "x.provider", findingsFrom)
        return try await database.readList { db in
            var sql: SQLQueryString = "SELECT j.provider, COUNT(*) AS n, SUM(CASE WHEN j.state = \(bind: overdue) THEN 1 ELSE 0 END) AS overdue, SUM(CASE WHEN j.state IN ("
            sql.appendInterpolation(binds: open.isEmpty ? [""] : open)
            sql.appendLiteral(") THEN 1 ELSE 0 END) AS open")
            sql.appendInterpolation(keptFrom(module, f))
            sql.appendLiteral(" GROUP BY j.provider")
            var out: [String: (Int, Int, Int)] = [:]
            for r in try await db.raw(sql).all() {
                out[try r.decode(column: "provider", as: String.self)] = (try r.decode(column: "n", as: Int.self),
                                                                          try r.decode(column: "overdue", as: Int.self), try r.decode(column: "open", as: Int.self))
            }
            return out.map { (provider: $0.key, subjects: $0.value.0, findings: findings[$0.key] ?? 0, overdue: $0.value.1, open: $0.value.2) }
        }
    }

    /// `keptByProvider` from the tallies: a row per organization and state, and per organization, month and code.
    func talliedByProvider(module: String, _ f: KeptFilter, overdue: String, open: [String], except: String) async throws
        -> [(provider: String, subjects: Int, findings: Int, overdue: Int, open: Int)] {
        var rows: SQLQueryString = " WHERE module = \(bind: module)"
        rows.appendInterpolation(talliedProviders(f, each: true))
        let scope = rows
        return try await database.readList { db in
            var states: SQLQueryString = "SELECT provider, state, CAST(SUM(n) AS BIGINT) AS n FROM judgement_counts"
            states.appendInterpolation(scope)
            states.appendLiteral(" GROUP BY provider, state")
            var byProvider: [String: (subjects: Int, overdue: Int, open: Int)] = [:]
            let openSet = Set(open)
            for r in try await db.raw(states).all() {
                let provider = try r.decode(column: "provider", as: String.self), state = try r.decode(column: "state", as: String.self)
                let n = try r.decode(column: "n", as: Int.self)
                var row = byProvider[provider] ?? (0, 0, 0)
                row.subjects += n
                if state == overdue { row.overdue += n }
                if openSet.contains(state) { row.open += n }
                byProvider[provider] = row
            }
            var findings: SQLQueryString = "SELECT provider, CAST(SUM(n) AS BIGINT) AS n FROM judgement_tallies"
            findings.appendInterpolation(scope)
            findings.appendLiteral(" AND code <> "); findings.appendInterpolation(bind: except); findings.appendLiteral(" GROUP BY provider")
            var found: [String: Int] = [:]
            for r in try await db.raw(findings).all() { found[try r.decode(column: "provider", as: String.self)] = try r.decode(column: "n", as: Int.self) }
            return byProvider.filter { $0.value.subjects > 0 }.map { (provider: $0.key, subjects: $0.value.subjects, findings: found[$0.key] ?? 0,
                                                                      overdue: $0.value.overdue, open: $0.value.open) }
        }
    }

    /// Their findings (optionally of one code) as the API answers them — each one's code and JSON —, `pageSize` at a
    /// time by application number, organization, code and order in the judgement (check.md: by application id, then
    /// code), each page handed to `each` before the next is read: a stream whose memory does not grow with the answer.
    /// A page is chosen and ordered by the findings' keys alone, then their JSON read by primary key: sorting the JSON
    /// with its keys (a submission range is not in the answer's order) spilled 20 MB to a temporary file per page.
    public func streamKeptFindings(module: String, _ f: KeptFilter, code: String?, pageSize: Int = 10_000,
                                   _ each: ([(code: String, body: String)]) async throws -> Void) async throws {
        if f.empty { return }
        var cursor: (application: String, subject: String, code: String, n: Int)?
        while true {
            let after = cursor
            let (keys, page): ([(application: String, subject: String, n: Int, code: String)], [(code: String, body: String)]) = try await database.readList { db in
                var sql: SQLQueryString = "SELECT x.application, x.subject, x.n, x.code"
                sql.appendInterpolation(keptFindingsFrom(module, f))
                if let code { sql.appendLiteral(" AND x.code = "); sql.appendInterpolation(bind: code) }
                if let c = after {
                    // After the last row of the previous page in (application, subject, code, n) order.
                    let k: SQLQueryString = """
                         AND (x.application > \(bind: c.application) OR (x.application = \(bind: c.application) AND (x.subject > \(bind: c.subject) \
                        OR (x.subject = \(bind: c.subject) AND (x.code > \(bind: c.code) OR (x.code = \(bind: c.code) AND x.n > \(bind: c.n)))))))
                        """
                    sql.appendInterpolation(k)
                }
                sql.appendLiteral(" ORDER BY x.application, x.subject, x.code, x.n LIMIT "); sql.appendInterpolation(bind: pageSize)
                let keys = try await db.raw(sql).all().map { r in
                    (application: try r.decode(column: "application", as: String.self), subject: try r.decode(column: "subject", as: String.self),
                     n: try r.decode(column: "n", as: Int.self), code: try r.decode(column: "code", as: String.self))
                }
                var bodies: [String: [Int: String]] = [:]
                for start in stride(from: 0, to: keys.count, by: 400) {
                    var q: SQLQueryString = "SELECT x.subject, x.n, x.body FROM judgement_findings x WHERE x.module = \(bind: module) AND (x.subject, x.n) IN (VALUES "
                    for (i, k) in keys[start..<min(start + 400, keys.count)].enumerated() {
                        q.appendLiteral(i == 0 ? "(" : ", ("); q.appendInterpolation(bind: k.subject); q.appendLiteral(", "); q.appendInterpolation(bind: k.n); q.appendLiteral(")")
                    }
                    q.appendLiteral(")")
                    for r in try await db.raw(q).all() {
                        bodies[try r.decode(column: "subject", as: String.self), default: [:]][try r.decode(column: "n", as: Int.self)] = try r.decode(column: "body", as: String.self)
                    }
                }
                // A finding judged again between the two reads is left out of this answer (its subject's new findings
                // are the next request's).
                return (keys, keys.compactMap { k in bodies[k.subject]?[k.n].map { (k.code, $0) } })
            }
            guard let last = keys.last else { return }
            try await each(page)
            if keys.count < pageSize { return }
            cursor = (last.application, last.subject, last.code, last.n)
        }
    }

    /// Their findings (optionally of one code) with their subject's row and kept judgement, `pageSize` at a time by
    /// the subject's receipt day (none first), application number and code — a report's rows, streamed.
    public func streamKeptFindingRows(module: String, _ f: KeptFilter, code: String?, pageSize: Int = 2000,
                                      _ each: ([(row: ApplicationRow, receivedDay: Int32?, finding: StoredFinding)]) async throws -> Void) async throws {
        if f.empty { return }
        var offset = 0
        while true {
            let at = offset
            let page: [(row: ApplicationRow, receivedDay: Int32?, finding: StoredFinding)] = try await database.readList { db in
                var sql: SQLQueryString = """
                    SELECT a.id, a.service, a.provider, a.channel, a.applicant, a.queue_position, a.created_at, j.received_day,
                      x.code, x.severity, x.due_day, x.actual_day, x.late, x.citation, x.body
                    FROM judgement_findings x JOIN judgements j ON j.module = x.module AND j.subject = x.subject
                    JOIN applications a ON a.id = j.subject
                    """
                sql.appendInterpolation(keptWhere(module, f))
                if let code { sql.appendLiteral(" AND x.code = "); sql.appendInterpolation(bind: code) }
                sql.appendLiteral(" ORDER BY j.received_day ASC NULLS FIRST, x.application, x.subject, x.code, x.n LIMIT ")
                sql.appendInterpolation(bind: pageSize); sql.appendLiteral(" OFFSET "); sql.appendInterpolation(bind: at)
                return try await db.raw(sql).all().map { r in
                    (try Store.applicationRow(r), try Store.day(r, "received_day"),
                     StoredFinding(code: try r.decode(column: "code", as: String.self), severity: try r.decode(column: "severity", as: String.self),
                                   due: try Store.day(r, "due_day"), actual: try Store.day(r, "actual_day"),
                                   lateWorkingDays: try r.decode(column: "late", as: Int?.self), citation: try r.decode(column: "citation", as: String.self),
                                   body: try r.decode(column: "body", as: String.self)))
                }
            }
            if page.isEmpty { return }
            try await each(page)
            if page.count < pageSize { return }
            offset += page.count
        }
    }

    /// `keptPage` in pages of `pageSize`, each handed to `each` before the next is read (an export's stream), each
    /// page after the last row of the one before (keyset), so the stream costs the rows it reads.
    public func streamKept(module: String, _ f: KeptFilter, order: KeptOrder, pageSize: Int = 2000,
                           _ each: ([TimelineJudgement]) async throws -> Void) async throws {
        var cursor: KeptCursor?
        while true {
            let (page, last) = try await keptRows(module: module, f, order: order, offset: 0, limit: pageSize, after: cursor)
            if page.isEmpty { return }
            try await each(page)
            if page.count < pageSize { return }
            cursor = last
        }
    }
}
