import Foundation
import Logging
import NIOCore
import NIOPosix
@preconcurrency import AsyncKit
import PostgresKit
import SQLKit
import SQLiteKit

/// Rasim's storage: one SQLKit codebase over SQLite (a file, the embedded default) and PostgreSQL.
///
/// Writes go through `write`, one transaction each:
/// - on SQLite, a single writer connection (WAL, `synchronous=FULL`) takes queued transactions in groups —
///   `BEGIN`, each request in its own `SAVEPOINT`, `COMMIT` — so one fsync covers many requests and a request
///   that fails rolls back alone (group commit). A write returns only after its group's `COMMIT`: an
///   acknowledged write survives `kill -9` and power loss.
/// - on PostgreSQL, each write is a transaction on a pooled connection.
/// Reads use their own connection (SQLite readers see the last committed state).
public final class Database: Sendable {
    public enum Kind: String, Sendable { case sqlite, postgres }
    public let kind: Kind
    public let location: String
    let logger: Logger
    private let backend: Backend

    enum Backend: Sendable {
        case sqlite(writer: WriteQueue, reader: SQLiteConnection, writerConnection: SQLiteConnection)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// Opens `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, or `postgres://user:pw@host:port/db?sslmode=disable`.
    public static func open(url: String, logger: Logger = Logger(label: "rasim.storage")) async throws -> Database {
        if url.hasPrefix("sqlite://") {
            var path = String(url.dropFirst("sqlite://".count))
            if path.isEmpty { path = "rasim.sqlite" }
            return try await openSQLite(path: path, logger: logger)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let config = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: config),
                                                    maxConnectionsPerEventLoop: 4, pruneInterval: nil, logger: logger,
                                                    on: MultiThreadedEventLoopGroup.singleton)
            let db = Database(kind: .postgres, location: Database.redact(url), logger: logger, backend: .postgres(pool))
            do { _ = try await db.read { try await $0.raw("SELECT 1").all() } } catch {
                try? await pool.shutdownAsync()
                throw StorageError.cannotOpen("cannot connect to \(Database.redact(url)): \(String(reflecting: error))")
            }
            return db
        }
        throw StorageError.cannotOpen("unknown database URL \"\(url)\": expected sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
    }

    static func redact(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return url }
        if c.password != nil { c.password = "***" }
        return c.string ?? url
    }

    static func openSQLite(path: String, logger: Logger) async throws -> Database {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let writerConn: SQLiteConnection, readerConn: SQLiteConnection
        do {
            writerConn = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            let w = writerConn.sql(queryLogLevel: nil)
            // WAL lets readers work beside the writer; FULL makes every COMMIT durable (fsync of the WAL).
            _ = try await w.raw("PRAGMA journal_mode=WAL").all()
            try await w.raw("PRAGMA synchronous=FULL").run()
            try await w.raw("PRAGMA foreign_keys=ON").run()
            try await w.raw("PRAGMA busy_timeout=5000").run()
            readerConn = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            let r = readerConn.sql(queryLogLevel: nil)
            try await r.raw("PRAGMA busy_timeout=5000").run()
            try await r.raw("PRAGMA query_only=ON").run()
        } catch {
            throw StorageError.cannotOpen("cannot open SQLite database \(path): \(String(reflecting: error))")
        }
        let queue = WriteQueue(database: writerConn.sql(queryLogLevel: nil), logger: logger)
        return Database(kind: .sqlite, location: path, logger: logger,
                        backend: .sqlite(writer: queue, reader: readerConn, writerConnection: writerConn))
    }

    private init(kind: Kind, location: String, logger: Logger, backend: Backend) {
        self.kind = kind; self.location = location; self.logger = logger; self.backend = backend
    }

    /// One transaction. Throwing inside `body` rolls back everything it wrote.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let queue, _, _):
            return try await queue.submit(body)
        case .postgres(let pool):
            return try await Database.transaction(pool, begin: "BEGIN", body)
        }
    }

    /// A transaction on a pooled PostgreSQL connection; rolled back when `body` throws.
    private static func transaction<T: Sendable>(_ pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, begin: SQLQueryString,
                                                 _ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let conn = try await pool.requestConnection().get()
        defer { pool.releaseConnection(conn) }
        let db = conn.sql(queryLogLevel: nil)
        try await db.raw(begin).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            try? await db.raw("ROLLBACK").run()
            throw error
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(_, let reader, _):
            return try await body(reader.sql(queryLogLevel: nil))
        case .postgres(let pool):
            let conn = try await pool.requestConnection().get()
            defer { pool.releaseConnection(conn) }
            return try await body(conn.sql(queryLogLevel: nil))
        }
    }

    /// One consistent read snapshot (for walking the audit chain while writers go on): on SQLite a read
    /// transaction on a connection of its own, on PostgreSQL a REPEATABLE READ transaction.
    public func readSnapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite:
            let conn = try await SQLiteConnection.open(storage: .file(path: location), logger: logger)
            let db = conn.sql(queryLogLevel: nil)
            do {
                try await db.raw("BEGIN").run()
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                try await conn.close()
                return result
            } catch {
                try? await conn.close()
                throw error
            }
        case .postgres(let pool):
            return try await Database.transaction(pool, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    public func close() async {
        switch backend {
        case .sqlite(let queue, let reader, let writer):
            await queue.stop()
            try? await reader.close()
            try? await writer.close()
        case .postgres(let pool):
            try? await pool.shutdownAsync()
        }
    }
}

public enum StorageError: Error, CustomStringConvertible, Sendable {
    case cannotOpen(String)
    case notFound(String)
    case conflict(String)
    case rule(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .cannotOpen(let s), .notFound(let s), .conflict(let s), .rule(let s), .corrupt(let s): return s
        }
    }
}

/// The SQLite writer: queued transactions committed in groups (see `Database`).
actor WriteQueue {
    struct Job {
        let body: @Sendable (any SQLDatabase) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }
    let database: any SQLDatabase
    let logger: Logger
    var pending: [Job] = []
    var draining = false
    var stopped = false
    /// At most this many requests share one COMMIT.
    let maxGroup = 512

    init(database: any SQLDatabase, logger: Logger) { self.database = database; self.logger = logger }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !stopped else { throw StorageError.cannotOpen("the database is closed") }
        let value = try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            pending.append(Job(body: { try await body($0) }, continuation: c))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        return value as! T
    }

    func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxGroup))
            pending.removeFirst(batch.count)
            await run(batch)
        }
        draining = false
    }

    func stop() async {
        stopped = true
        while draining { await Task.yield() }
    }

    private func run(_ batch: [Job]) async {
        var results: [Result<any Sendable, any Error>] = []
        results.reserveCapacity(batch.count)
        do {
            try await database.raw("BEGIN IMMEDIATE").run()
        } catch {
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        for (k, job) in batch.enumerated() {
            do {
                try await database.raw("SAVEPOINT rasim_request").run()
                let value = try await job.body(database)
                try await database.raw("RELEASE rasim_request").run()
                results.append(.success(value))
            } catch {
                do {
                    try await database.raw("ROLLBACK TO rasim_request").run()
                    try await database.raw("RELEASE rasim_request").run()
                    results.append(.failure(error))
                } catch {
                    // SQLite rolled the whole transaction back (some errors do): nothing of this group was kept.
                    for j in batch[..<k] { j.continuation.resume(throwing: error) }
                    for j in batch[k...] { j.continuation.resume(throwing: error) }
                    try? await database.raw("ROLLBACK").run()
                    return
                }
            }
        }
        do {
            try await database.raw("COMMIT").run()
        } catch {
            try? await database.raw("ROLLBACK").run()
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
    }
}
