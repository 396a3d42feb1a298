import Crypto
import Foundation
import PublicServicesFeature
import SQLKit
import Storage
import Testing

/// The databases the storage suite runs on: SQLite always, PostgreSQL when `RASIM_TEST_POSTGRES_URL` names a
/// server (`.ci/run` starts one on loopback and sets it).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static let postgresURL: String? = ProcessInfo.processInfo.environment["RASIM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Every backend available to this run.
    static let available: [Backend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
}

/// An async counting semaphore (PostgreSQL tests hold one permit each, so parallel tests cannot exhaust
/// the server's connections; the fallback shared-database mode holds all of them).
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [(Int, CheckedContinuation<Void, Never>)] = []
    init(_ permits: Int) { self.permits = permits }

    func acquire(_ n: Int = 1) async {
        if waiters.isEmpty, permits >= n { permits -= n; return }
        await withCheckedContinuation { waiters.append((n, $0)) }
    }

    func release(_ n: Int = 1) {
        permits += n
        while let (need, c) = waiters.first, permits >= need {
            permits -= need
            waiters.removeFirst()
            c.resume()
        }
    }
}

/// Holds the database's one writer inside a write until the test releases it, so that the writes a test
/// starts meanwhile queue up behind it and share the next group — by construction, not by a sleep that a
/// loaded machine may outlast. `queue` starts a write and returns once the writer holds it in its queue,
/// so writes queued one after another are committed in that order.
final class WriterHold: Sendable {
    let database: Database
    private let started = AsyncSemaphore(0)
    private let released = AsyncSemaphore(0)

    init(_ database: Database) { self.database = database }

    /// Runs the holding write (in a child task of the test) and waits until the writer is inside it.
    func hold<R: Sendable>(in group: inout TaskGroup<R>, returning value: R) async {
        group.addTask {
            _ = try? await self.database.write { _ in await self.heldHere() }
            return value
        }
        await waitHeld()
    }

    /// For a holding write of the test's own: called inside it, returns when the test releases the writer.
    func heldHere() async {
        await started.release()
        await released.acquire()
    }

    /// Returns once a write is inside `heldHere`.
    func waitHeld() async { await started.acquire() }

    /// Starts `work` in the group and returns once one more write is waiting for the writer.
    func queue<R: Sendable>(in group: inout TaskGroup<R>, _ work: @escaping @Sendable () async -> R) async {
        let before = await database.queuedWrites()
        group.addTask(operation: work)
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: .seconds(120))
        while await database.queuedWrites() <= before {
            guard clock.now < deadline else { Issue.record("a write never reached the writer's queue"); return }
            await Task.yield()
        }
    }

    func release() async { await released.release() }
}

/// A fresh, migrated database for one test.
struct FreshDB: Sendable {
    let backend: Backend
    let url: String
    let database: Database
    let store: Store
    /// The versions the first `Migrations.run` applied.
    let migrated: [Int]

    /// The audit key of every test database (`auditKeyBytes`; `AuditRow.mac` recomputes MACs with it independently).
    static let auditKeyBytes: [UInt8] = (0..<32).map { UInt8($0 * 7 + 1) }
    static let auditKey = try! AuditKey(bytes: auditKeyBytes)

    static let postgresSlots = AsyncSemaphore(4)
    static let postgresSlotCount = 4

    /// Opens a fresh database on `backend`, runs the migrations, runs `body`, closes and removes it.
    static func with<T: Sendable>(_ backend: Backend, _ body: (FreshDB) async throws -> T) async throws -> T {
        try await withURL(backend) { url in try await run(backend, url: url, body) }
    }

    /// Makes a fresh, empty database (no migrations) on `backend`, runs `body` with its URL, removes it.
    /// PostgreSQL: a uniquely named database made through RASIM_TEST_POSTGRES_URL; when the role may not
    /// create databases, the given database itself, emptied first and used by one test at a time.
    static func withURL<T: Sendable>(_ backend: Backend, _ body: (String) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-storage-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            return try await body("sqlite://" + dir.appendingPathComponent("test.sqlite").path)
        case .postgres:
            let admin = try #require(Backend.postgresURL, "RASIM_TEST_POSTGRES_URL is not set")
            await postgresSlots.acquire()
            let name = "rasim_st_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let created: Bool
            do { created = try await createDatabase(admin: admin, name: name) } catch {
                await postgresSlots.release()
                throw error
            }
            if created {
                do {
                    let value = try await body(try replacingDatabase(in: admin, with: name))
                    await dropDatabase(admin: admin, name: name)
                    await postgresSlots.release()
                    return value
                } catch {
                    await dropDatabase(admin: admin, name: name)
                    await postgresSlots.release()
                    throw error
                }
            }
            await postgresSlots.release()
            await postgresSlots.acquire(postgresSlotCount)
            do {
                try await dropAllTables(url: admin)
                let value = try await body(admin)
                await postgresSlots.release(postgresSlotCount)
                return value
            } catch {
                await postgresSlots.release(postgresSlotCount)
                throw error
            }
        }
    }

    private static func run<T: Sendable>(_ backend: Backend, url: String, _ body: (FreshDB) async throws -> T) async throws -> T {
        let database = try await Database.open(url: url, auditKey: auditKey)
        do {
            let migrated = try await Migrations.run(on: database)
            let value = try await body(FreshDB(backend: backend, url: url, database: database, store: Store(database), migrated: migrated))
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    static func replacingDatabase(in url: String, with name: String) throws -> String {
        var c = try #require(URLComponents(string: url), "RASIM_TEST_POSTGRES_URL is not a URL")
        c.path = "/" + name
        return try #require(c.string)
    }

    /// Creates a database named `name`; false when the role may not.
    static func createDatabase(admin: String, name: String) async throws -> Bool {
        let db = try await Database.open(url: admin)
        do {
            // CREATE DATABASE cannot run inside a transaction: `read` runs it on a pooled connection as is.
            try await db.read { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            await db.close()
            return true
        } catch {
            await db.close()
            let text = String(reflecting: error)
            if text.contains("42501") || text.lowercased().contains("permission denied") { return false }
            throw error
        }
    }

    static func dropDatabase(admin: String, name: String) async {
        guard let db = try? await Database.open(url: admin) else { return }
        do { try await db.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() } } catch {
            _ = try? await db.read { try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run() }
        }
        await db.close()
    }

    static let allTables = ["judgement_tallies", "judgement_counts", "judgement_marks", "sign_in_counters", "organization_names", "user_emails", "judgement_findings", "judgements", "rasim_migrations", "audit_head", "audit_log", "sessions", "api_tokens", "user_organizations", "users",
                            "checklists", "risk_inputs", "complaints", "events", "applications", "officials", "services", "organizations"]

    static func dropAllTables(url: String) async throws {
        let db = try await Database.open(url: url)
        let tables = allTables
        do {
            if db.kind == .sqlite {
                try await db.write { db in for t in tables { try await db.raw("DROP TABLE IF EXISTS \(unsafeRaw: t)").run() } }
            } else {
                let list = tables.joined(separator: ", ")
                try await db.read { try await $0.raw("DROP TABLE IF EXISTS \(unsafeRaw: list) CASCADE").run() }
            }
        } catch { await db.close(); throw error }
        await db.close()
    }

    /// Opens a second, independent connection to the same database and runs `body` in a write on it —
    /// behind the store's back (no audit entry is appended).
    func behindTheBack(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let other = try await Database.open(url: url)
        do { try await other.write(body) } catch { await other.close(); throw error }
        await other.close()
    }

    // MARK: reading raw rows

    func count(_ table: String) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?.decode(column: "n", as: Int.self) ?? -1
        }
    }

    func auditRows() async throws -> [AuditRow] {
        try await database.read { db in
            try await db.select().columns("seq", "at", "actor", "action", "entity", "payload", "effects", "prev_hash", "hash", "mac")
                .from("audit_log").orderBy("seq").all().map(AuditRow.init)
        }
    }

    func auditHead() async throws -> (seq: Int64, hash: String) {
        try await database.read { db in
            let r = try #require(try await db.select().columns("seq", "hash").from("audit_head").where("id", .equal, SQLBind(1)).first())
            return (try r.decode(column: "seq", as: Int64.self), try r.decode(column: "hash", as: String.self))
        }
    }

    // MARK: fixtures

    func seedOrganizationAndService(org: String = "akimat-test", service: String = "svc-test") async throws {
        try await store.putOrganization(.init(id: org, name: "Тест әкімдігі", bin: "140440031745", kind: "local_executive_body"), actor: "test")
        try await store.putService(id: service, passport: #"{"id": "\#(service)", "name": {"kk": "Қызмет"}}"#, actor: "test")
    }

    static func event(_ type: String, _ at: Int64, extra: String = "") -> Store.NewEvent {
        Store.NewEvent(type: type, atEpoch: at, body: #"{"type": "\#(type)", "at": "\#(at)"\#(extra)}"#)
    }

    /// A row keyed by its bare id, as rows made before ids became per-provider were: the storage layer treats
    /// keys as opaque, and these tests name applications by key. (`perProviderIDs` covers `provider|id` keys.)
    static func application(_ id: String, org: String = "akimat-test", service: String = "svc-test", applicant: String? = "applicant-1",
                            queuePosition: Int? = nil) -> Store.ApplicationRow {
        Store.ApplicationRow(key: id, service: service, provider: org, channel: "electronic", applicant: applicant,
                             queuePosition: queuePosition, createdAt: "2025-03-03T10:00:00.000Z")
    }

    /// Creates an application with its events in one write (as the API does).
    func createApplication(_ row: Store.ApplicationRow, events: [Store.NewEvent], actor: String = "test") async throws {
        try await database.write { db in
            try await Store.insertApplication(db, row, actor: actor)
            try await Store.insertEvents(db, application: row.key, after: 0, events, actor: actor)
        }
    }

    /// Appends events after the stored ones, reading the count inside the write (as the API does).
    func appendEvents(_ id: String, _ events: [Store.NewEvent], actor: String = "test") async throws {
        try await database.write { db in
            let existing = try await Store.loadEvents(db, application: id)
            try await Store.insertEvents(db, application: id, after: existing.count, events, actor: actor)
        }
    }
}

struct AuditRow: Sendable, Hashable {
    var seq: Int64, at: String, actor: String, action: String, entity: String, payload: String, effects: String, prevHash: String, hash: String
    var mac: String

    init(_ r: any SQLRow) throws {
        seq = try r.decode(column: "seq", as: Int64.self); at = try r.decode(column: "at", as: String.self)
        actor = try r.decode(column: "actor", as: String.self); action = try r.decode(column: "action", as: String.self)
        entity = try r.decode(column: "entity", as: String.self); payload = try r.decode(column: "payload", as: String.self)
        effects = try r.decode(column: "effects", as: String.self)
        prevHash = try r.decode(column: "prev_hash", as: String.self); hash = try r.decode(column: "hash", as: String.self)
        mac = try r.decode(column: "mac", as: String.self)
    }

    /// The chain's rule, written independently of `Audit`: SHA-256 over prev_hash, seq, at, actor, action,
    /// entity, payload — and effects when not empty — each followed by the unit separator 0x1F; lowercase hex.
    static func digest(seq: Int64, at: String, actor: String, action: String, entity: String, payload: String, effects: String = "",
                       prev: String) -> String {
        var bytes = Data()
        var parts = [prev, String(seq), at, actor, action, entity, payload]
        if !effects.isEmpty { parts.append(effects) }
        for part in parts { bytes += Data(part.utf8); bytes.append(0x1F) }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The MAC rule, independently: HMAC-SHA256 under the key of "rasim-audit-entry" 0x1F hash 0x1F; lowercase hex.
    static func mac(hash: String, key: [UInt8] = FreshDB.auditKeyBytes) -> String {
        var bytes = Data("rasim-audit-entry".utf8)
        bytes.append(0x1F); bytes += Data(hash.utf8); bytes.append(0x1F)
        return HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: key)).map { String(format: "%02x", $0) }.joined()
    }

    enum V { case s(String), i(Int64), n }

    /// The row digest rule, independently: the first 16 bytes of SHA-256 over the table's name and each column
    /// as a type tag (s, i, n) and its text, each followed by 0x1F; lowercase hex.
    static func rowDigest(_ table: String, _ values: [V]) -> String {
        var bytes = Data(table.utf8)
        bytes.append(0x1F)
        for v in values {
            switch v {
            case .s(let s): bytes += Data(("s" + s).utf8)
            case .i(let i): bytes += Data(("i" + String(i)).utf8)
            case .n: bytes += Data("n".utf8)
            }
            bytes.append(0x1F)
        }
        return SHA256.hash(data: bytes).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    var recomputed: String {
        AuditRow.digest(seq: seq, at: at, actor: actor, action: action, entity: entity, payload: payload, effects: effects, prev: prevHash)
    }
}

struct Boom: Error, Equatable { var n: Int = 0 }

extension StorageError {
    var kind: String {
        switch self {
        case .cannotOpen: "cannotOpen"
        case .notFound: "notFound"
        case .conflict: "conflict"
        case .rule: "rule"
        case .corrupt: "corrupt"
        }
    }
}
