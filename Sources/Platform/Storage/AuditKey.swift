import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The audit log's key: every entry carries an HMAC-SHA256 of its hash under this key, so a chain recomputed
/// after an edit (by anyone who can write the database but does not hold the key) no longer verifies.
///
/// The key is kept outside the database: `RASIM_AUDIT_KEY` (64+ hexadecimal digits, e.g. `openssl rand -hex 32`)
/// or a key file (`--audit-key-file`; by default `<sqlite file>.audit-key` next to an SQLite database, or
/// `./rasim-audit.key` for PostgreSQL) holding the same: an even number, 64 or more, of hexadecimal digits. A writing command creates a missing key
/// file (mode 0600, `O_EXCL`) and says where; `audit verify` and `audit checkpoint` never create one.
public struct AuditKey: Sendable {
    let key: SymmetricKey

    /// At least 32 bytes.
    public init(bytes: [UInt8]) throws(StorageError) {
        guard bytes.count >= 32 else { throw StorageError.cannotOpen("an audit key must have at least 32 bytes (64 hexadecimal digits)") }
        key = SymmetricKey(data: bytes)
    }

    /// 64 or more hexadecimal digits (surrounding white space ignored).
    public init(hex text: String) throws(StorageError) {
        let digits = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard digits.count >= 64, digits.count % 2 == 0 else {
            throw StorageError.cannotOpen("an audit key must be at least 64 hexadecimal digits (32 bytes), e.g. the output of `openssl rand -hex 32`")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else {
                throw StorageError.cannotOpen("an audit key must be hexadecimal digits only")
            }
            bytes.append(hi << 4 | lo)
        }
        try self.init(bytes: bytes)
    }

    /// A new random 32-byte key.
    public static func random() -> AuditKey {
        var rng = SystemRandomNumberGenerator()
        return try! AuditKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    var hex: String { key.withUnsafeBytes { Audit.hex($0) } }

    /// HMAC-SHA256 of the parts (each followed by the unit separator 0x1F), lowercase hex.
    func mac(_ parts: String...) -> String {
        var h = HMAC<SHA256>(key: key)
        let separator: [UInt8] = [0x1F]
        for var part in parts {
            part.withUTF8 { h.update(data: UnsafeRawBufferPointer($0)) }
            separator.withUnsafeBytes { h.update(data: $0) }
        }
        return Audit.hex(h.finalize())
    }

    /// Where a key came from, for the server's start-up line and error messages.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case environment
        case file(String)
        public var description: String {
            switch self {
            case .environment: return "RASIM_AUDIT_KEY"
            case .file(let p): return "the key file \(p)"
            }
        }
    }

    /// The key file used when none is named: next to an SQLite database (`<file>.audit-key`), else
    /// `rasim-audit.key` in the working directory.
    public static func defaultFile(forDatabase database: Database) -> String {
        database.kind == .sqlite ? database.location + ".audit-key" : "rasim-audit.key"
    }

    /// The key: from `file` when given, else from `environment` (the value of `RASIM_AUDIT_KEY`) when set, else
    /// from `defaultFile`. A missing file is created with a new random key (mode 0600) when `create`, else it
    /// is an error. `created` says whether this call made the key.
    public static func resolve(file: String?, environment: String?, defaultFile: String, create: Bool) throws(StorageError)
        -> (key: AuditKey, origin: Origin, created: Bool) {
        if file == nil, let environment, !environment.isEmpty {
            do { return (try AuditKey(hex: environment), .environment, false) } catch {
                throw StorageError.cannotOpen("RASIM_AUDIT_KEY: \(error)")
            }
        }
        let path = file ?? defaultFile
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            do { return (try AuditKey(hex: text), .file(path), false) } catch { throw StorageError.cannotOpen("\(path): \(error)") }
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw StorageError.cannotOpen("cannot read the audit key file \(path)") }
        guard create else {
            throw StorageError.cannotOpen("no audit key: \(path) does not exist and RASIM_AUDIT_KEY is not set (the first writing command — `rasim serve`, `user add`, `token create` — makes it)")
        }
        let key = AuditKey.random()
        do { try persist(key, at: path) } catch {
            if FileManager.default.fileExists(atPath: path) { return try resolve(file: path, environment: nil, defaultFile: path, create: false) }  // made meanwhile
            throw error
        }
        return (key, .file(path), true)
    }

    /// Writes a new key file (mode 0600, never over an existing one) and syncs it to disk.
    public static func persist(_ key: AuditKey, at path: String) throws(StorageError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw StorageError.cannotOpen("cannot create the audit key file \(path): \(String(cString: strerror(errno)))")
        }
        let text = Array((key.hex + "\n").utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == text.count, synced == 0 else {
            unlink(path)
            throw StorageError.cannotOpen("cannot write the audit key file \(path)")
        }
    }
}
