import PostgresKit
import SQLiteKit

/// A database that cannot do what was asked for a reason outside the request: the disk is full, the file
/// or the server is read-only, the file is not (or no longer) a database, or the server is gone. Such a
/// failure is the service's, not the caller's: the API answers 503 with a stable code, never a 500 that
/// looks like a bug, and `/health` reports it.
public struct StorageFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No space left (SQLITE_FULL, PostgreSQL 53100 disk_full / 53000 insufficient_resources).
        case full = "storage_full"
        /// Writes are refused (SQLITE_READONLY*, PostgreSQL 25006 read_only_sql_transaction).
        case readOnly = "storage_read_only"
        /// The file is not a database, or is damaged; or the server cannot be reached.
        case unavailable = "database_unavailable"
    }
    public var kind: Kind
    public var message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) { self.kind = kind; self.message = message }

    /// The failure a driver's error stands for, or nil for an error of the request itself (a constraint,
    /// a conflict, bad input).
    public static func classify(_ error: any Error) -> StorageFailure? {
        if let e = error as? StorageFailure { return e }
        if let e = error as? StorageError {
            switch e {
            case .cannotOpen(let m), .corrupt(let m): return StorageFailure(.unavailable, m)
            default: return nil
            }
        }
        if let e = error as? SQLiteError {
            switch e.reason {
            case .full:
                return StorageFailure(.full, "the database's disk is full (\(e.message)); writes resume once space is freed")
            case .readOnly, .readonlyInRecovery, .readonlyCantLock, .readonlyInRollback, .readonlyBackingMoved, .readonlyDirectory:
                return StorageFailure(.readOnly, "the database is read-only (\(e.message)); nothing can be recorded until it is writable again")
            case .corrupt, .corruptIndex, .corruptSequenceSchema, .corruptVirtualTable, .notADatabase, .cantOpen,
                 .ioError, .ioErrorFailedRead, .ioErrorIncompleteRead, .ioErrorFailedWrite, .ioErrorFailedSync, .ioErrorCorruptedFilesystem:
                return StorageFailure(.unavailable, "the database file cannot be used: \(e.reason): \(e.message)")
            default:
                return nil
            }
        }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                if state == "53100" || state == "53000" { return StorageFailure(.full, "the database server is out of space (SQLSTATE \(state))") }
                if state == "25006" { return StorageFailure(.readOnly, "the database server refuses writes (SQLSTATE 25006, read-only)") }
                if state.hasPrefix("08") || state.hasPrefix("57P") { return StorageFailure(.unavailable, "the database server is unavailable (SQLSTATE \(state))") }
                return nil
            }
            switch e.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .unexpectedBackendMessage:
                return StorageFailure(.unavailable, "the database server is unavailable")
            default:
                return nil
            }
        }
        return nil
    }
}
