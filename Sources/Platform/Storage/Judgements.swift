import Crypto
import Foundation
import SQLKit

/// Judgements kept, not made again on every read (issue 12). A feature's judge is pure and costs about as much
/// as parsing the timeline it reads; the lists (dashboard, register, reports, the findings API) need every
/// visible subject's judgement at once. So each subject's judgement is stored — a row in `judgements` (the
/// subject's state and days as columns, its finding codes) and one row per finding in `judgement_findings` — with
/// what it rests on:
/// - `seq`: the last event of the subject's timeline it was judged from. A read compares it with the timeline's
///   last event in the same query, so a judgement is never served for a timeline it did not see — whichever
///   process wrote the event, and with no work added to the write path;
/// - `basis`: everything else it depends on, named by the feature (the rules, the catalog, the calendar);
/// - `holdsUntil`: the instant time alone changes it (a running term's next local midnight or due instant),
///   nil for a judgement only new events or a new basis change.
/// A subject whose stored judgement fails any of the three is judged again and stored (`putJudgements`); what
/// is stored is derived — deleting the tables loses nothing, the next read rebuilds them.
public struct StoredJudgement: Sendable, Hashable {
    public var subject: String
    public var provider: String
    public var seq: Int
    public var basis: String
    /// The version of the rules that made it, in words (e.g. "PS-VIOLATIONS-2025 rules 2026-12-07.7").
    public var rules: String
    public var holdsUntil: Int64?
    /// The feature's word for where the subject stands (e.g. "overdue", "result").
    public var state: String
    public var receivedDay: Int32?
    public var dueDay: Int32?
    /// The instant its subject began (an application's submission), seconds since the epoch: a range of them is
    /// read from the kept rows alone (the findings API's `from`/`to`).
    public var submitted: Int64?
    /// The codes of its findings, one per finding, in the findings' order.
    public var codes: [String]
    /// Anything else the feature's lists show, in the feature's own text (nil when there is nothing).
    public var detail: String?
    public var findings: [StoredFinding]

    public init(subject: String, provider: String, seq: Int, basis: String, rules: String = "", holdsUntil: Int64?, state: String, receivedDay: Int32?,
                dueDay: Int32?, submitted: Int64? = nil, detail: String?, findings: [StoredFinding]) {
        self.subject = subject; self.provider = provider; self.seq = seq; self.basis = basis; self.rules = rules; self.holdsUntil = holdsUntil
        self.state = state; self.receivedDay = receivedDay; self.dueDay = dueDay; self.submitted = submitted; self.detail = detail; self.findings = findings
        self.codes = findings.map(\.code)
    }

    /// Whether it is the judgement of a timeline whose last event is `seq`, on `basis`, at `now`.
    public func holds(seq current: Int, basis wanted: String, now: Int64) -> Bool {
        seq == current && basis == wanted && (holdsUntil.map { now < $0 } ?? true)
    }
}

/// One stored finding: the columns a report sorts, filters and shows, and its JSON as the API answers it.
public struct StoredFinding: Sendable, Hashable {
    public var code: String
    public var severity: String
    public var due: Int32?
    public var actual: Int32?
    public var lateWorkingDays: Int?
    public var citation: String
    public var body: String
    public init(code: String, severity: String, due: Int32?, actual: Int32?, lateWorkingDays: Int?, citation: String, body: String) {
        self.code = code; self.severity = severity; self.due = due; self.actual = actual; self.lateWorkingDays = lateWorkingDays
        self.citation = citation; self.body = body
    }
}

extension Store {
    /// A visible timeline with the last event it has now and its stored judgement (findings not read), if any.
    public struct TimelineJudgement: Sendable {
        public var row: ApplicationRow
        public var seq: Int
        public var stored: StoredJudgement?
    }

    /// Every timeline of `providers` (all when nil; optionally one service, a window of submission), each with the
    /// last event it has now and `module`'s stored judgement of it — one query, ordered by id.
    /// With `after` and `limit`, one page of them: the first `limit` whose key sorts after `after` (keyset paging:
    /// each page costs the rows it returns, however many came before).
    public func timelineJudgements(module: String, providers: [String]?, service: String? = nil, fromEpoch: Int64? = nil,
                                   toEpoch: Int64? = nil, after: String? = nil, limit: Int? = nil, keys: [String]? = nil) async throws -> [TimelineJudgement] {
        if let providers, providers.isEmpty { return [] }
        return try await database.read { db in
            var sql: SQLQueryString = """
                SELECT a.id, a.service, a.provider, a.channel, a.applicant, a.queue_position, a.created_at,
                  COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.application = a.id), 0) AS current_seq,
                  j.seq AS judged_seq, j.basis, j.holds_until, j.state, j.received_day, j.due_day, j.codes, j.detail
                FROM applications a LEFT JOIN judgements j ON j.module = \(bind: module) AND j.subject = a.id
                WHERE 1 = 1
                """
            if let providers { sql.appendLiteral(" AND a.provider IN ("); sql.appendInterpolation(binds: providers); sql.appendLiteral(")") }
            if let service { sql.appendLiteral(" AND a.service = "); sql.appendInterpolation(bind: service) }
            if let fromEpoch { sql.appendLiteral(" AND a.submitted_epoch >= "); sql.appendInterpolation(bind: fromEpoch) }
            if let toEpoch { sql.appendLiteral(" AND a.submitted_epoch <= "); sql.appendInterpolation(bind: toEpoch) }
            if let keys { sql.appendLiteral(" AND a.id IN ("); sql.appendInterpolation(binds: keys.isEmpty ? [""] : keys); sql.appendLiteral(")") }
            if let after { sql.appendLiteral(" AND a.id > "); sql.appendInterpolation(bind: after) }
            sql.appendLiteral(" ORDER BY a.id")
            if let limit { sql.appendLiteral(" LIMIT "); sql.appendInterpolation(bind: max(1, limit)) }
            return try await db.raw(sql).all().map { r in
                let row = try Store.applicationRow(r)
                // A kept row this code cannot read is no judgement: the subject is judged again.
                let stored = try? Store.storedJudgement(r, row)
                return TimelineJudgement(row: row, seq: try r.decode(column: "current_seq", as: Int.self), stored: stored)
            }
        }
    }

    /// The kept judgement in a row of `timelineJudgements` (nil: none kept).
    static func storedJudgement(_ r: any SQLRow, _ row: ApplicationRow) throws -> StoredJudgement? {
        guard let judged = try r.decode(column: "judged_seq", as: Int?.self) else { return nil }
        let codes = try r.decode(column: "codes", as: String.self)
        var s = StoredJudgement(subject: row.key, provider: row.provider, seq: judged, basis: try r.decode(column: "basis", as: String.self),
                                holdsUntil: try r.decode(column: "holds_until", as: Int64?.self), state: try r.decode(column: "state", as: String.self),
                                receivedDay: try Store.day(r, "received_day"), dueDay: try Store.day(r, "due_day"),
                                detail: try r.decode(column: "detail", as: String?.self), findings: [])
        s.codes = codes.isEmpty ? [] : codes.split(separator: " ").map(String.init)
        return s
    }

    /// A day number column (nil stays nil; a value no day has is a corrupt row).
    static func day(_ r: any SQLRow, _ column: String) throws -> Int32? {
        guard let v = try r.decode(column: column, as: Int?.self) else { return nil }
        guard let d = Int32(exactly: v) else { throw StorageError.corrupt("\(column) \(v) is not a day") }
        return d
    }

    /// Every event of the given timelines, by key, in order.
    public func events(of keys: [String]) async throws -> [String: [EventRow]] {
        try await database.read { db in try await Store.events(db, of: keys) }
    }

    static func events(_ db: any SQLDatabase, of keys: [String]) async throws -> [String: [EventRow]] {
        var out: [String: [EventRow]] = [:]
        for chunk in stride(from: 0, to: keys.count, by: 500) {
            let some = Array(keys[chunk..<min(chunk + 500, keys.count)])
            let rows = try await db.select().columns(Store.eventColumns)
                .from("events").where("application", .in, SQLBind.group(some)).orderBy("application").orderBy("seq").all()
            for r in rows { let e = try Store.eventRow(r); out[e.application, default: []].append(e) }
        }
        return out
    }

    /// The stored findings of `module` for `providers` (all when nil), optionally of one code: each with its
    /// subject, in the subject's order of findings.
    public func storedFindings(module: String, providers: [String]?, code: String? = nil, subjects: [String]? = nil) async throws -> [(subject: String, finding: StoredFinding)] {
        if let providers, providers.isEmpty { return [] }
        if let subjects, subjects.isEmpty { return [] }
        return try await database.read { db in
            let q = db.select().columns("subject", "code", "severity", "due_day", "actual_day", "late", "citation", "body")
                .from("judgement_findings").where("module", .equal, SQLBind(module))
            if let providers { q.where("provider", .in, SQLBind.group(providers)) }
            if let subjects { q.where("subject", .in, SQLBind.group(subjects)) }
            if let code { q.where("code", .equal, SQLBind(code)) }
            q.orderBy("subject").orderBy("n")
            return try await q.all().map { r in
                (try r.decode(column: "subject", as: String.self),
                 StoredFinding(code: try r.decode(column: "code", as: String.self), severity: try r.decode(column: "severity", as: String.self),
                               due: try Store.day(r, "due_day"), actual: try Store.day(r, "actual_day"),
                               lateWorkingDays: try r.decode(column: "late", as: Int?.self), citation: try r.decode(column: "citation", as: String.self),
                               body: try r.decode(column: "body", as: String.self)))
            }
        }
    }

    /// Stores `module`'s judgements, replacing the ones stored for their subjects, in one transaction. Subjects
    /// are written in key order, the judgement row before its findings: two processes storing the same subject
    /// take its row's lock in the same order, and the second replaces the first's findings whole.
    public func putJudgements(module: String, _ judgements: [StoredJudgement]) async throws {
        guard !judgements.isEmpty else { return }
        let sorted = judgements.sorted { $0.subject < $1.subject }
        let now = Clock.nowISO()
        try await database.write { db in
            try await Self.serializeJudgementWrites(db)
            for chunk in stride(from: 0, to: sorted.count, by: 200) {
                let some = sorted[chunk..<min(chunk + 200, sorted.count)]
                let insert = db.insert(into: "judgements")
                    .columns("module", "subject", "provider", "seq", "basis", "rules", "holds_until", "state", "received_day", "due_day", "submitted_epoch",
                             "codes", "detail", "judged_at")
                for j in some {
                    insert.values(SQLBind(module), SQLBind(j.subject), SQLBind(j.provider), SQLBind(j.seq), SQLBind(j.basis), SQLBind(j.rules), SQLBind(j.holdsUntil),
                                  SQLBind(j.state), SQLBind(j.receivedDay), SQLBind(j.dueDay), SQLBind(j.submitted), SQLBind(j.codes.joined(separator: " ")),
                                  SQLBind(j.detail), SQLBind(now))
                }
                try await insert.onConflict(with: ["module", "subject"]) { u in
                    u.set(excludedValueOf: "provider").set(excludedValueOf: "seq").set(excludedValueOf: "basis").set(excludedValueOf: "rules").set(excludedValueOf: "holds_until")
                        .set(excludedValueOf: "state").set(excludedValueOf: "received_day").set(excludedValueOf: "due_day").set(excludedValueOf: "submitted_epoch")
                        .set(excludedValueOf: "codes").set(excludedValueOf: "detail").set(excludedValueOf: "judged_at")
                }.run()
                try await db.delete(from: "judgement_findings").where("module", .equal, SQLBind(module))
                    .where("subject", .in, SQLBind.group(some.map(\.subject))).run()
                let rows = some.flatMap { j in j.findings.enumerated().map { (j, $0.offset, $0.element) } }
                for part in stride(from: 0, to: rows.count, by: 200) {
                    let fi = db.insert(into: "judgement_findings")
                        .columns("module", "subject", "application", "received_day", "submitted_epoch", "n", "provider", "code", "severity", "due_day", "actual_day",
                                 "late", "citation", "body")
                    for (j, n, f) in rows[part..<min(part + 200, rows.count)] {
                        fi.values(SQLBind(module), SQLBind(j.subject), SQLBind(Store.applicationID(key: j.subject)), SQLBind(j.receivedDay), SQLBind(j.submitted),
                                  SQLBind(n), SQLBind(j.provider),
                                  SQLBind(f.code), SQLBind(f.severity),
                                  SQLBind(f.due), SQLBind(f.actual), SQLBind(f.lateWorkingDays), SQLBind(f.citation), SQLBind(f.body))
                    }
                    try await fi.run()
                }
            }
        }
    }

    /// On PostgreSQL, one writer of judgements at a time, until its transaction ends: the triggers add to the
    /// same sums (the organization "" of `judgement_tallies`) in the order of each write's findings, and two servers
    /// writing at once must not wait for each other's rows in opposite orders. (SQLite has one writer anyway.)
    static func serializeJudgementWrites(_ db: any SQLDatabase) async throws {
        guard db.dialect.name == "postgresql" else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "rasim-judgements"))) AS locked").run()
    }

    /// Forgets `module`'s stored judgements (all of them when `module` is nil): the next reads judge again.
    public func forgetJudgements(module: String?) async throws {
        try await database.write { db in
            try await Self.serializeJudgementWrites(db)
            for table in ["judgement_findings", "judgements", "judgement_marks"] {
                let q = db.delete(from: table)
                if let module { q.where("module", .equal, SQLBind(module)) }
                try await q.run()
            }
        }
    }

    /// A short digest of the given texts, in order (a judgement's basis names what it rests on by digest).
    public static func digest(_ parts: [String]) -> String {
        var h = SHA256()
        for p in parts { h.update(data: Data(p.utf8)); h.update(data: Data([0])) }
        return h.finalize().prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}

extension Migrations {
    static let judgements = Migration(version: 4, name: "judgements kept: each subject's judgement and findings, with what they rest on") { db in
        try await db.create(table: "judgements")
            .column("module", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("provider", type: .text, .notNull)
            .column("seq", type: .bigint, .notNull)
            .column("basis", type: .text, .notNull)
            .column("holds_until", type: .bigint)
            .column("state", type: .text, .notNull)
            .column("received_day", type: .bigint)
            .column("due_day", type: .bigint)
            .column("codes", type: .text, .notNull)
            .column("detail", type: .text)
            .column("judged_at", type: .text, .notNull)
            .primaryKey("module", "subject")
            .run()
        try await db.create(index: "judgements_provider").on("judgements").column("module").column("provider").column("state").run()
        try await db.create(table: "judgement_findings")
            .column("module", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("n", type: .bigint, .notNull)
            .column("provider", type: .text, .notNull)
            .column("code", type: .text, .notNull)
            .column("severity", type: .text, .notNull)
            .column("due_day", type: .bigint)
            .column("actual_day", type: .bigint)
            .column("late", type: .bigint)
            .column("citation", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .primaryKey("module", "subject", "n")
            .run()
        try await db.create(index: "judgement_findings_provider").on("judgement_findings").column("module").column("provider").column("code").run()
    }
}

extension Store {
    /// This build of Rasim, as a judgement's basis names it: the running executable's size and modification
    /// time. A new build judges again what an older one stored — even when its rules' version was not raised.
    public static let buildStamp: String = {
        let path = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let a = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (a?[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)-\(Int64(modified * 1000))"
    }()
}

extension Store {
    /// The kept findings (of every module) whose citation names `cited` (e.g. "PS-RISK-2023 App.1 #"), of `providers`
    /// (all when nil): each with its organization, citations and due / actual days — what another act's assessment
    /// reads of the findings that rest on its paragraphs.
    public func findingsCiting(_ cited: String, providers: [String]?) async throws -> [(provider: String, citation: String, due: Int32?, actual: Int32?)] {
        if let providers, providers.isEmpty { return [] }
        return try await database.read { db in
            let q = db.select().columns("provider", "citation", "due_day", "actual_day").from("judgement_findings")
                .where("citation", .like, SQLBind("%" + cited + "%"))
            if let providers { q.where("provider", .in, SQLBind.group(providers)) }
            return try await q.all().map { r in
                (try r.decode(column: "provider", as: String.self), try r.decode(column: "citation", as: String.self),
                 try Store.day(r, "due_day"), try Store.day(r, "actual_day"))
            }
        }
    }

    /// Per organization: how many applications were submitted, and how many events of `eventType` happened, between
    /// the two instants (inclusive).
    public func activity(fromEpoch: Int64, toEpoch: Int64, eventType: String) async throws -> (applications: [String: Int], events: [String: Int]) {
        try await database.read { db in
            var applications: [String: Int] = [:], events: [String: Int] = [:]
            let a: SQLQueryString = "SELECT provider, COUNT(*) AS n FROM applications WHERE submitted_epoch >= \(bind: fromEpoch) AND submitted_epoch <= \(bind: toEpoch) GROUP BY provider"
            for r in try await db.raw(a).all() { applications[try r.decode(column: "provider", as: String.self)] = try r.decode(column: "n", as: Int.self) }
            let e: SQLQueryString = """
                SELECT a.provider, COUNT(*) AS n FROM events e JOIN applications a ON a.id = e.application \
                WHERE e.type = \(bind: eventType) AND e.at_epoch >= \(bind: fromEpoch) AND e.at_epoch <= \(bind: toEpoch) GROUP BY a.provider
                """
            for r in try await db.raw(e).all() { events[try r.decode(column: "provider", as: String.self)] = try r.decode(column: "n", as: Int.self) }
            return (applications, events)
        }
    }
}

/// Keeping judgements current without reading every subject (issue 18). Every write that changes a timeline is
/// in the audit log, in one order (`seq`, assigned under the head's lock): a feature marks the audit entry up to
/// which its kept judgements took every change into account (`judgement_marks.through`) and the basis they were
/// all made on; its next refresh reads only the entries after the mark, and the judgements time alone has ended
/// (`holds_until`, indexed). A change of basis (rules, build, catalog, calendar) is a full pass.
extension Store {
    public struct JudgementMark: Sendable, Equatable {
        public var basis: String
        public var through: Int64
        public init(basis: String, through: Int64) { self.basis = basis; self.through = through }
    }

    public func judgementMark(module: String) async throws -> JudgementMark? {
        try await database.read { db in
            guard let r = try await db.select().columns("basis", "through").from("judgement_marks").where("module", .equal, SQLBind(module)).first()
            else { return nil }
            return JudgementMark(basis: try r.decode(column: "basis", as: String.self), through: try r.decode(column: "through", as: Int64.self))
        }
    }

    /// Records that `module`'s kept judgements, all on `basis`, took every audited change up to `through` into
    /// account. A mark never goes back on the same basis (two servers refreshing at once: the later entry wins).
    public func setJudgementMark(module: String, _ mark: JudgementMark) async throws {
        try await database.write { db in
            let current = try await db.select().columns("basis", "through").from("judgement_marks").where("module", .equal, SQLBind(module)).first()
            if let current, try current.decode(column: "basis", as: String.self) == mark.basis,
               try current.decode(column: "through", as: Int64.self) >= mark.through { return }
            try await db.insert(into: "judgement_marks").columns("module", "basis", "through")
                .values(SQLBind(module), SQLBind(mark.basis), SQLBind(mark.through))
                .onConflict(with: ["module"]) { $0.set(excludedValueOf: "basis").set(excludedValueOf: "through") }.run()
        }
    }

    /// The last audit entry's number (0 for an empty log).
    public func auditHead() async throws -> Int64 {
        try await database.read { db in try await Audit.head(db, lock: false).seq }
    }

    /// The applications (keys) created or given events by audit entries after `after`, up to `through`.
    public func applicationsChanged(after: Int64, through: Int64) async throws -> [String] {
        try await database.read { db in
            try await db.select().distinct().column("entity").from("audit_log")
                .where("seq", .greaterThan, SQLBind(after)).where("seq", .lessThanOrEqual, SQLBind(through))
                .where("action", .in, SQLBind.group(["application.create", "events.append"])).all()
                .compactMap { r in
                    let e = try r.decode(column: "entity", as: String.self)
                    return e.hasPrefix("application:") ? String(e.dropFirst("application:".count)) : nil
                }
        }
    }

    /// The subjects whose kept judgement of `module` time alone has ended by `now`.
    public func judgementsEnded(module: String, now: Int64) async throws -> [String] {
        try await database.read { db in
            try await db.select().column("subject").from("judgements").where("module", .equal, SQLBind(module))
                .where("holds_until", .lessThanOrEqual, SQLBind(now)).all().map { try $0.decode(column: "subject", as: String.self) }
        }
    }

    /// The applications of the given (provider, service) groups.
    public func applications(inGroups groups: Set<[String]>) async throws -> [String] {
        guard !groups.isEmpty else { return [] }
        return try await database.read { db in
            var out: [String] = []
            for g in groups where g.count == 2 {
                out += try await db.select().column("id").from("applications").where("provider", .equal, SQLBind(g[0]))
                    .where("service", .equal, SQLBind(g[1])).all().map { try $0.decode(column: "id", as: String.self) }
            }
            return out
        }
    }

    /// `timelineJudgements` of the given applications (keys), in key order.
    public func timelineJudgements(module: String, ofKeys keys: [String]) async throws -> [TimelineJudgement] {
        var out: [TimelineJudgement] = []
        let sorted = Array(Set(keys)).sorted()
        for chunk in stride(from: 0, to: sorted.count, by: 500) {
            out += try await timelineJudgements(module: module, providers: nil, keys: Array(sorted[chunk..<min(chunk + 500, sorted.count)]))
        }
        return out
    }
}

extension Migrations {
    /// The dashboard's counts kept as the judgements are written (issue 18: flat at a million applications): per act,
    /// organization, month of receipt and code, the findings (`judgement_tallies`); per act, organization and state, the
    /// judgements (`judgement_counts`). The organization "" holds every organization's sum, so a reader of all of them
    /// reads a few hundred rows. Triggers keep them (SQLite and PostgreSQL alike: no writer can forget), and they
    /// are filled from what is kept now.
    static let judgementTallies = Migration(version: 9, name: "judgement tallies: the findings by organization, month and code, the judgements by organization and state, kept by triggers") { db in
        try await db.create(table: "judgement_tallies")
            .column("module", type: .text, .notNull).column("provider", type: .text, .notNull)
            .column("month", type: .bigint, .notNull).column("code", type: .text, .notNull).column("n", type: .bigint, .notNull)
            .primaryKey("module", "provider", "month", "code").run()
        try await db.create(table: "judgement_counts")
            .column("module", type: .text, .notNull).column("provider", type: .text, .notNull)
            .column("state", type: .text, .notNull).column("n", type: .bigint, .notNull)
            .primaryKey("module", "provider", "state").run()
        let postgres = db.dialect.name == "postgresql"
        func run(_ sql: String) async throws { try await db.raw("\(unsafeRaw: sql)").run() }
        // The month of a receipt day (days since 1970-01-01) as the day number of its first day; -1 without one.
        func month(_ row: String) -> String {
            postgres
                ? "COALESCE((date_trunc('month', DATE '1970-01-01' + \(row).received_day::int))::date - DATE '1970-01-01', -1)"
                : "COALESCE(CAST(julianday(date(\(row).received_day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER), -1)"
        }
        // Each tally: the rows it counts, its keys after (module, provider), their values in a counted row, and the
        // columns whose change moves a row from one key to another.
        let tallies: [(table: String, source: String, keys: [String], values: (String) -> [String], moved: [String])] = [
            ("judgement_tallies", "judgement_findings", ["month", "code"], { [month($0), "\($0).code"] }, ["provider", "received_day", "code"]),
            ("judgement_counts", "judgements", ["state"], { ["\($0).state"] }, ["provider", "state"]),
        ]
        for t in tallies {
            let keys = (["module", "provider"] + t.keys).joined(separator: ", ")
            let values = t.values("x").joined(separator: ", ")
            let groups = t.keys.indices.map { String($0 + 3) }.joined(separator: ", ")
            // Filled from what is kept: per organization, then the sum of all (organization "").
            try await run("INSERT INTO \(t.table) (\(keys), n) SELECT x.module, x.provider, \(values), COUNT(*) FROM \(t.source) x GROUP BY 1, 2, \(groups)")
            try await run("INSERT INTO \(t.table) (\(keys), n) SELECT x.module, '', \(values), COUNT(*) FROM \(t.source) x GROUP BY 1, \(groups)")
            // Add one to a row's two tallies (its organization's and the sum's), or take one away.
            func add(_ row: String) -> String {
                let v = t.values(row).joined(separator: ", ")
                return "INSERT INTO \(t.table) (\(keys), n) VALUES (\(row).module, \(row).provider, \(v), 1), (\(row).module, '', \(v), 1) ON CONFLICT (\(keys)) DO UPDATE SET n = \(t.table).n + 1;"
            }
            func remove(_ row: String) -> String {
                let match = zip(t.keys, t.values(row)).map { "\($0) = \($1)" }.joined(separator: " AND ")
                return "UPDATE \(t.table) SET n = n - 1 WHERE module = \(row).module AND provider IN (\(row).provider, '') AND \(match);"
            }
            if postgres {
                let moved = t.moved.map { "OLD.\($0) IS DISTINCT FROM NEW.\($0)" }.joined(separator: " OR ")
                try await run("""
                    CREATE OR REPLACE FUNCTION \(t.source)_tally() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (\(moved))) THEN \(remove("OLD")) END IF;
                      IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (\(moved))) THEN \(add("NEW")) END IF;
                      RETURN NULL;
                    END $$
                    """)
                try await run("CREATE TRIGGER \(t.source)_tally AFTER INSERT OR UPDATE OR DELETE ON \(t.source) FOR EACH ROW EXECUTE FUNCTION \(t.source)_tally()")
            } else {
                let moved = t.moved.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ")
                try await run("CREATE TRIGGER \(t.source)_tally_in AFTER INSERT ON \(t.source) BEGIN \(add("NEW")) END")
                try await run("CREATE TRIGGER \(t.source)_tally_out AFTER DELETE ON \(t.source) BEGIN \(remove("OLD")) END")
                try await run("CREATE TRIGGER \(t.source)_tally_change AFTER UPDATE ON \(t.source) WHEN \(moved) BEGIN \(remove("OLD")) \(add("NEW")) END")
            }
        }
    }
}
