import ArgumentParser
import CommandKit
import FeatureKit
import Foundation
import JSONKit
import Storage

/// `rasim backup`: a consistent copy of a running database, checked before it is called a backup.
/// - SQLite: `VACUUM INTO` on a connection of its own — an online copy of one consistent state while the server keeps
///   writing — then opened and its audit log verified whole with the same key.
/// - PostgreSQL: `pg_dump --format=custom` (restore with `pg_restore`); its verification is `rasim audit verify` on
///   the restored database (docs/backup.md).
/// The audit key is not copied beside the backup: kept apart, it is what makes an edit of the copy detectable.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the database (SQLite online, PostgreSQL with pg_dump) and check the copy's audit log.",
        discussion: "Prints {\"backup\", \"kind\", \"bytes\", \"audit\"}. Restore: docs/backup.md. The audit key is not copied: keep it apart.")
    @Option(help: "Where to write the copy (must not exist).") var to: String
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let target = URL(fileURLWithPath: to).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: target) else {
            throw CLIError(code: "invalid_input", message: "\(target) exists: a backup never overwrites a file", path: "--to")
        }
        let (kind, key): (Database.Kind, AuditKey?) = try await db.with(mode: .read) { database in
            switch database.kind {
            case .sqlite:
                do { try await database.copySQLite(to: target) } catch {
                    try? FileManager.default.removeItem(atPath: target)
                    throw error
                }
            case .postgres:
                try Self.pgDump(url: database.location, to: target)
            }
            return (database.kind, database.auditKey)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        var audit = "not_checked"
        if kind == .sqlite {
            let copy = try await Database.open(url: "sqlite://" + target, create: false, auditKey: key, schemas: Features.all.compactMap(\.schema))
            let verdict: Audit.Verdict
            do { verdict = try await Audit.verify(copy) } catch { await copy.close(); throw CLIError(code: "backup_unreadable", message: "\(error)", path: "--to") }
            await copy.close()
            guard case .whole = verdict else {
                throw CLIError(code: "backup_broken", message: "the copy's audit log does not verify: \(verdict)", path: "--to")
            }
            audit = "whole"
        }
        writeOut(JSONText.object([("backup", JSONText.string(target)), ("kind", JSONText.string(kind.rawValue)), ("bytes", String(bytes)),
                                  ("audit", JSONText.string(audit))]))
    }

    /// `pg_dump` of `url` into `path` (custom format, restorable with `pg_restore`).
    static func pgDump(url: String, to path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["pg_dump", "--format=custom", "--no-owner", "--file", path, "--dbname", url]
        let err = Pipe()
        p.standardError = err
        do { try p.run() } catch { throw CLIError(code: "backup_failed", message: "pg_dump cannot run: \(error)", path: "--database") }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw CLIError(code: "backup_failed", message: "pg_dump failed (is it installed, the same major version as the server?): " + text.prefix(500), path: "--database")
        }
    }
}
