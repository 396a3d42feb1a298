import Foundation
import Logging
import SQLKit

/// One request's events for existing applications: appended all together or not at all.
///
/// The caller validates and encodes the events beforehand (in its own task, in parallel with other
/// requests); what can only be judged against the stored timeline — the order rules — it hands over as
/// `check`, which the writer runs against the stored events of the request's applications just before
/// appending. Only stored events whose type is in `contextTypes` are shown to `check` (all the order rules
/// need), so the writer neither reads nor parses the rest of a timeline.
public struct EventAppend: Sendable {
    public struct Part: Sendable {
        public var application: String
        public var events: [Store.NewEvent]
        public init(application: String, events: [Store.NewEvent]) { self.application = application; self.events = events }
    }

    public var parts: [Part]
    public var actor: String
    public var contextTypes: Set<String>
    /// Throws to refuse this request (alone): its argument holds, per application of `parts`, its stored
    /// events of the `contextTypes`, in order — including those appended by earlier requests of the same group.
    public var check: @Sendable (_ stored: [String: [Store.EventRow]]) throws -> Void

    public init(parts: [Part], actor: String, contextTypes: Set<String>, check: @escaping @Sendable (_ stored: [String: [Store.EventRow]]) throws -> Void) {
        self.parts = parts; self.actor = actor; self.contextTypes = contextTypes; self.check = check
    }

    var eventCount: Int { parts.reduce(0) { $0 + $1.events.count } }
}

/// The one writer of a `Database` (SQLite and PostgreSQL alike): queued writes committed in groups.
///
/// Every write of the process goes through this actor, which runs one transaction at a time and puts every
/// write queued meanwhile into it (group commit), so one durable COMMIT (one fsync) covers many requests.
/// Why a group is safe:
/// - **Durable**: a write's caller is resumed only after its group's COMMIT has returned (SQLite:
///   `synchronous=FULL`, WAL fsynced; PostgreSQL: `synchronous_commit` as configured, on by default). A
///   group that fails to commit fails every write in it; nothing is acknowledged that is not on disk.
/// - **Isolated**: a write that fails leaves no trace and fails alone. A plain write runs inside its own
///   `SAVEPOINT`, rolled back on error. Event appends (`EventAppend`) are done set-wise (below): their
///   checks run before anything is written, so a refused request simply contributes no rows; and if a
///   statement fails inside the database, the run's SAVEPOINT is rolled back and its requests are redone one
///   by one, so again only the failing one fails.
/// - **Serial**: one transaction at a time, requests applied in queue order, each seeing everything
///   before it (also within a group: the writer's in-memory view of a run includes the rows it is about to
///   insert). Other processes (the CLI, a second server) are kept out by SQLite's write lock
///   (`BEGIN IMMEDIATE`) and on PostgreSQL by the audit head's row lock, taken first (`FOR UPDATE`).
///
/// Set-wise appends: a run of consecutive `EventAppend`s in a group costs a fixed number of statements,
/// not a few per application: one to lock and read the audit chain's head, one (per 500 applications) for
/// every application's last `seq`, one for the stored events the checks need (only for applications not
/// already known, below), then multi-row INSERTs of all the events and all the audit entries and one
/// UPDATE of the head. The chain is extended in memory, entry after entry, exactly as `Audit.append` would
/// (same fields, same digest, same MAC), starting from the head read under the lock; each entry's effects are
/// the digests of the events rows it inserts, computed from the values bound (no read-back, no extra statement).
///
/// The writer remembers, per application, its last `seq` and the stored events the checks need, as of its
/// last committed group. That memory is only a cache: each run re-reads every application's last `seq`
/// under the lock and uses the memory only where it matches (events are only ever appended, numbered
/// 1, 2, 3 … per application, so the same last `seq` means the same events) — a write by another process
/// or by a plain write in this one shows as a different `seq` and the events are read again. It is
/// updated only after a COMMIT succeeds and dropped whenever a group fails.
actor WriteQueue {
    enum Work: Sendable {
        case body(@Sendable (any SQLDatabase) async throws -> any Sendable)
        case append(EventAppend)
    }

    struct Job {
        let work: Work
        let weight: Int
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    /// How the writer reaches its database for one group.
    struct Connector: Sendable {
        /// `BEGIN IMMEDIATE` on SQLite (take the write lock now), `BEGIN` on PostgreSQL.
        let begin: SQLQueryString
        /// The connection, the same connection's way to run a bulk INSERT, and how to give it back.
        let acquire: @Sendable () async throws -> (any SQLDatabase, BulkInsert, @Sendable () -> Void)
    }

    /// A value bound into a bulk INSERT.
    enum Value: Sendable { case text(String), int(Int64) }

    /// Runs an INSERT's SQL text (built by SQLKit for this database, see `insertSQL`) with the given values as
    /// its binds, in order, on the group's connection. The writer's big multi-row INSERTs go this way rather
    /// than through SQLKit's builder, whose per-bind serialisation and encoding (dynamic casts) cost a fifth
    /// of the writer's time.
    typealias BulkInsert = @Sendable (_ sql: String, _ values: [Value]) async throws -> Void

    /// What the writer knows of one application: its last event's `seq` and its stored events of the checks'
    /// types (`contextTypes`), in order.
    struct Known: Sendable {
        var lastSeq: Int
        var context: [Store.EventRow]
    }

    let connector: Connector
    /// The audit key: the writer MACs the entries it chains, and sets it (`Audit.writerKey`) for plain writes.
    let key: AuditKey?
    let logger: Logger
    var pending: [Job] = []
    var draining = false
    var stopped = false
    /// At most this many requests share one COMMIT …
    let maxGroup = 512
    /// … and at most about this many events (a plain write weighs 1): a bulk group stays a fraction of a second.
    let maxWeight = 4096
    /// Committed knowledge of applications (see the type's comment), for checks of `knownTypes`.
    var known: [String: Known] = [:]
    var knownTypes: Set<String> = []
    let maxKnown = 200_000

    /// The features' audited tables of this database (`Ledger.moduleTables` while the writer runs).
    let moduleTables: [Ledger.Table]
    init(key: AuditKey?, moduleTables: [Ledger.Table], connector: Connector, logger: Logger) {
        self.key = key; self.moduleTables = moduleTables; self.connector = connector; self.logger = logger
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await enqueue(.body({ try await body($0) }), weight: 1) as! T
    }

    /// Appends one request's events (see `EventAppend`); returns once they are durable.
    func append(_ request: EventAppend) async throws {
        _ = try await enqueue(.append(request), weight: request.eventCount + request.parts.count)
    }

    private func enqueue(_ work: Work, weight: Int) async throws -> any Sendable {
        guard !stopped else { throw StorageError.cannotOpen("the database is closed") }
        return try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            pending.append(Job(work: work, weight: weight, continuation: c))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    func drain() async {
        while !pending.isEmpty {
            var n = 0, weight = 0
            while n < pending.count, n < maxGroup, n == 0 || weight + pending[n].weight <= maxWeight {
                weight += pending[n].weight
                n += 1
            }
            let batch = Array(pending.prefix(n))
            pending.removeFirst(n)
            await Audit.$writerKey.withValue(key) { await Ledger.$moduleTables.withValue(moduleTables) { await run(batch) } }
        }
        draining = false
    }

    func stop() async {
        stopped = true
        while draining { await Task.yield() }
    }

    typealias Outcome = Result<any Sendable, any Error>

    /// One group: one transaction, every job in queue order, one COMMIT, then every caller resumed.
    private func run(_ batch: [Job]) async {
        let db: any SQLDatabase, bulk: BulkInsert, release: @Sendable () -> Void
        do { (db, bulk, release) = try await connector.acquire() } catch {
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        defer { release() }
        do { try await db.raw(connector.begin).run() } catch {
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        var results: [Outcome] = []
        results.reserveCapacity(batch.count)
        var view: [String: Known] = [:]  // this group's knowledge, uncommitted
        do {
            var i = 0
            while i < batch.count {
                switch batch[i].work {
                case .body(let body):
                    results.append(try await isolated(db, body))
                    i += 1
                case .append:
                    var requests: [EventAppend] = []
                    while i < batch.count, case .append(let r) = batch[i].work { requests.append(r); i += 1 }
                    results += try await appendRun(db, bulk, requests, view: &view)
                }
            }
            try await db.raw("COMMIT").run()
        } catch {
            // The transaction is lost (SQLite rolls some errors back whole) or did not commit: nothing of this
            // group was kept, and every write in it fails.
            try? await db.raw("ROLLBACK").run()
            known.removeAll()
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        if known.count + view.count > maxKnown { known.removeAll() }
        known.merge(view) { _, new in new }
        for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
    }

    /// A plain write in its own SAVEPOINT: rolled back alone when it throws. Throws itself only when the
    /// transaction is lost.
    private func isolated(_ db: any SQLDatabase, _ body: @Sendable (any SQLDatabase) async throws -> any Sendable) async throws -> Outcome {
        try await db.raw("SAVEPOINT rasim_request").run()
        do {
            let value = try await body(db)
            try await db.raw("RELEASE rasim_request").run()
            return .success(value)
        } catch {
            // SQLite rolls the whole transaction back on some errors (SQLITE_FULL, SQLITE_IOERR): the savepoint
            // is gone with it, and the group fails with that cause, not with "no such savepoint".
            let cause = error
            do { try await db.raw("ROLLBACK TO rasim_request").run() } catch { throw cause }
            try await db.raw("RELEASE rasim_request").run()
            return .failure(error)
        }
    }

    /// A run of consecutive event appends, set-wise inside one SAVEPOINT. When a statement fails inside the
    /// database, the whole run is rolled back and its requests redone one at a time, so that only the
    /// failing one fails. Throws only when the transaction is lost.
    private func appendRun(_ db: any SQLDatabase, _ bulk: BulkInsert, _ requests: [EventAppend], view: inout [String: Known]) async throws -> [Outcome] {
        try await db.raw("SAVEPOINT rasim_append").run()
        do {
            let (outcomes, after) = try await appendSetWise(db, bulk, requests, view: view)
            try await db.raw("RELEASE rasim_append").run()
            view = after
            return outcomes
        } catch {
            let cause = error
            do { try await db.raw("ROLLBACK TO rasim_append").run() } catch { throw cause }
            try await db.raw("RELEASE rasim_append").run()
            if requests.count == 1 { return [.failure(error)] }
            logger.debug("a set-wise append failed; redoing its requests one by one", metadata: ["error": "\(error)"])
            var outcomes: [Outcome] = []
            for r in requests { outcomes += try await appendRun(db, bulk, [r], view: &view) }
            return outcomes
        }
    }

    private func appendSetWise(_ db: any SQLDatabase, _ bulk: BulkInsert, _ requests: [EventAppend], view: [String: Known]) async throws
        -> ([Outcome], [String: Known]) {
        var view = view
        let types = requests.reduce(into: Set<String>()) { $0.formUnion($1.contextTypes) }
        if !types.isSubset(of: knownTypes) {
            // Checks that need other types than the ones remembered: forget, and read again.
            known.removeAll()
            view.removeAll()
            knownTypes = knownTypes.union(types)
        }
        let key = try Audit.requireKey()
        // 1. The chain's head, locked (PostgreSQL: until COMMIT; every audited write takes this lock first).
        var head = try await Audit.head(db, lock: true)
        // 2. Every application's last seq, under that lock.
        var ids: [String] = []
        var seen = Set<String>()
        for r in requests { for p in r.parts where seen.insert(p.application).inserted { ids.append(p.application) } }
        var state: [String: Known] = [:]
        var unknown: [String] = []
        for (id, last) in try await Store.lastSeqs(db, applications: ids) {
            if let k = view[id] ?? known[id], k.lastSeq == last {
                state[id] = k
            } else {
                state[id] = Known(lastSeq: last, context: [])
                unknown.append(id)
            }
        }
        // 3. The stored events the checks need, for the applications not known yet.
        if !unknown.isEmpty {
            for row in try await Store.loadEvents(db, applications: unknown, types: knownTypes) {
                state[row.application]?.context.append(row)
            }
        }
        // 4. Each request in order: check it against the state so far; if it holds, number its events, chain its
        //    audit entries and add them to the state seen by the requests after it.
        let now = Clock.nowISO()
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(requests.count)
        var events: [Store.EventRow] = []
        var audit: [Audit.Entry] = []
        var submitted: [(String, Int64)] = []
        for r in requests {
            if let missing = r.parts.first(where: { state[$0.application] == nil }) {
                outcomes.append(.failure(StorageError.notFound("application \"\(missing.application)\" does not exist")))
                continue
            }
            var stored: [String: [Store.EventRow]] = [:]
            for p in r.parts {
                let context = state[p.application]!.context
                stored[p.application] = r.contextTypes == knownTypes ? context : context.filter { r.contextTypes.contains($0.type) }
            }
            do { try r.check(stored) } catch {
                outcomes.append(.failure(error))
                continue
            }
            for p in r.parts where !p.events.isEmpty {
                var k = state[p.application]!
                let first = events.count
                for e in p.events {
                    k.lastSeq += 1
                    let row = Store.EventRow(application: p.application, seq: k.lastSeq, type: e.type, atEpoch: e.atEpoch, body: e.body,
                                             recordedAt: now, recordedBy: r.actor)
                    events.append(row)
                    if knownTypes.contains(e.type) { k.context.append(row) }
                    if e.type == "submitted" { submitted.append((p.application, e.atEpoch)) }
                }
                state[p.application] = k
                // The rows just numbered, as the entry's effects (their digests, computed from the values inserted).
                let effects = Ledger.json([Ledger.events(p.application, firstSeq: events[first].seq, Array(events[first...]))])
                let entry = Audit.entry(after: head, at: now, actor: r.actor, action: "events.append", entity: "application:\(p.application)",
                                        payload: "[" + p.events.map(\.body).joined(separator: ",") + "]", effects: effects, key: key)
                head = (entry.seq, entry.hash)
                audit.append(entry)
            }
            outcomes.append(.success(r.eventCount))
        }
        // 5. Everything in a few statements.
        try await insert(db, bulk, into: "events", Store.eventColumns, events) { e, v in
            v.append(.text(e.application)); v.append(.int(Int64(e.seq))); v.append(.text(e.type)); v.append(.int(e.atEpoch))
            v.append(.text(e.body)); v.append(.text(e.recordedAt)); v.append(.text(e.recordedBy))
        }
        for (id, at) in submitted {
            try await db.update("applications").set("submitted_epoch", to: SQLBind(at)).where("id", .equal, SQLBind(id)).run()
        }
        try await insert(db, bulk, into: "audit_log", Audit.columns, audit) { e, v in
            v.append(.int(e.seq)); v.append(.text(e.at)); v.append(.text(e.actor)); v.append(.text(e.action))
            v.append(.text(e.entity)); v.append(.text(e.payload)); v.append(.text(e.effects)); v.append(.text(e.prevHash)); v.append(.text(e.hash))
            v.append(.text(e.mac))
        }
        if let last = audit.last {
            try await db.update("audit_head").set("seq", to: SQLBind(last.seq)).set("hash", to: SQLBind(last.hash)).where("id", .equal, SQLBind(1)).run()
        }
        view.merge(state) { _, new in new }
        return (outcomes, view)
    }

    /// Rows in multi-row INSERTs of up to 500 rows each.
    private func insert<Row>(_ db: any SQLDatabase, _ bulk: BulkInsert, into table: String, _ columns: [String], _ rows: [Row],
                             _ values: (Row, inout [Value]) -> Void) async throws {
        for chunk in stride(from: 0, to: rows.count, by: 500) {
            let some = rows[chunk..<min(chunk + 500, rows.count)]
            var binds: [Value] = []
            binds.reserveCapacity(some.count * columns.count)
            for row in some { values(row, &binds) }
            try await bulk(insertSQL(db, table, columns, rows: some.count), binds)
        }
    }

    private var insertTexts: [String: String] = [:]

    /// `INSERT INTO table (columns) VALUES (…), …` for `rows` rows, as SQLKit writes it for this database
    /// (placeholders included), built once per shape.
    private func insertSQL(_ db: any SQLDatabase, _ table: String, _ columns: [String], rows: Int) -> String {
        let key = table + "/" + String(rows)
        if let sql = insertTexts[key] { return sql }
        let insert = db.insert(into: table).columns(columns)
        let placeholders = [any SQLExpression](repeating: SQLBind(0), count: columns.count)
        for _ in 0..<rows { insert.values(placeholders) }
        let sql = db.serialize(insert.query).sql
        insertTexts[key] = sql
        return sql
    }
}
