import JSONKit
import LegalCore
import PublicServices
import WorkCalendar

/// The flat monitoring export that `rasim scan` reads: one application per line,
/// `app_id,service_id,provider_id,channel,submitted_at,registered_at,decided_at,result,reasons_given,hearing_held`,
/// and the services file `service_id,term_working_days,refusal_term_working_days,hearing_required,time_zone,open,close`.
public enum ScanCSV {
    public static let applicationsHeader = "app_id,service_id,provider_id,channel,submitted_at,registered_at,decided_at,result,reasons_given,hearing_held"
    public static let servicesHeader = "service_id,term_working_days,refusal_term_working_days,hearing_required,time_zone,open,close"

    /// Splits a line (without its newline) into fields. Fields may be quoted RFC 4180-style (`"a,b"`,
    /// `""` for a quote); quoted fields come back unquoted in `scratch`-backed storage.
    @inlinable
    public static func split(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [UnsafeBufferPointer<UInt8>],
                             scratch: inout [UInt8]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        var i = 0
        let n = line.count
        var hasQuote = false
        while i < n { if line[i] == 34 { hasQuote = true; break }; i += 1 }
        if !hasQuote {
            i = 0
            while i < n {
                if line[i] == 44 {
                    fields.append(UnsafeBufferPointer(rebasing: line[start..<i]))
                    start = i + 1
                }
                i += 1
            }
            fields.append(UnsafeBufferPointer(rebasing: line[start..<n]))
            return true
        }
        // Slow path with quotes: unquote into scratch, then point into it.
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(n)
        var ranges: [(Int, Int)] = []
        i = 0
        while i <= n {
            let fieldStart = scratch.count
            if i < n, line[i] == 34 {
                i += 1
                while true {
                    guard i < n else { return false } // unterminated quote
                    if line[i] == 34 {
                        if i + 1 < n, line[i + 1] == 34 { scratch.append(34); i += 2; continue }
                        i += 1
                        break
                    }
                    scratch.append(line[i]); i += 1
                }
                guard i == n || line[i] == 44 else { return false }
            } else {
                while i < n, line[i] != 44 { scratch.append(line[i]); i += 1 }
            }
            ranges.append((fieldStart, scratch.count))
            i += 1
        }
        scratch.withUnsafeBufferPointer { base in
            for (a, b) in ranges { fields.append(UnsafeBufferPointer(rebasing: base[a..<b])) }
        }
        return true
    }

    public static func text(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    @inlinable public static func equals(_ b: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        guard b.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<b.count where b[i] != p[i] { return false }
        return true
    }

    /// `true`/`false`, `1`/`0`, `yes`/`no`; empty is false. nil when none of these.
    @inlinable public static func flag(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        if b.isEmpty || equals(b, "false") || equals(b, "0") || equals(b, "no") || equals(b, "FALSE") { return false }
        if equals(b, "true") || equals(b, "1") || equals(b, "yes") || equals(b, "TRUE") { return true }
        return nil
    }

    @inlinable public static func channel(_ b: UnsafeBufferPointer<UInt8>) -> Channel? {
        if equals(b, "electronic") { return .electronic }
        if equals(b, "paper") { return .paper }
        if equals(b, "state_corporation") { return .stateCorporation }
        return nil
    }

    @inlinable public static func result(_ b: UnsafeBufferPointer<UInt8>) -> FlatRecords.Result? {
        if equals(b, "issued") { return .issued }
        if equals(b, "refused") { return .refused }
        if equals(b, "refused_incomplete") { return .refusedIncomplete }
        if equals(b, "pending") { return .pending }
        return nil
    }

    /// The services file, read whole (it is small): service rows keyed by id.
    public static func services(_ bytes: UnsafeRawBufferPointer, file: String, asOf: Instant,
                                calendar: KazakhCalendar) throws(InputError) -> [(id: String, service: FlatRecords.Service)] {
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { line -> String in
            var s = String(decoding: line, as: UTF8.self)
            if s.hasSuffix("\r") { s.removeLast() }
            return s
        }
        guard let header = lines.first, header == servicesHeader else {
            throw InputError("the header must be exactly \(servicesHeader)", path: "\(file):1")
        }
        var out: [(String, FlatRecords.Service)] = []
        var seen: Set<String> = []
        for (k, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let at = "\(file):\(k + 1)"
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7 else { throw InputError("expected 7 fields, got \(f.count)", path: at) }
            let id = f[0]
            guard !id.isEmpty else { throw InputError("empty service_id", path: at + " service_id") }
            guard seen.insert(id).inserted else { throw InputError("duplicate service_id \"\(id)\"", path: at + " service_id") }
            guard let term = Int(f[1]), (0...3650).contains(term) else {
                throw InputError("term_working_days \"\(f[1])\" is not a whole number of days", path: at + " term_working_days")
            }
            var refusal: Int? = nil
            if !f[2].isEmpty {
                guard let r = Int(f[2]), (0...3650).contains(r) else {
                    throw InputError("refusal_term_working_days \"\(f[2])\" is not a whole number of days", path: at + " refusal_term_working_days")
                }
                refusal = r
            }
            var hearingText = f[3]
            let hearing = hearingText.withUTF8 { flag($0) }
            guard let hearing else { throw InputError("hearing_required \"\(f[3])\" is not true or false", path: at + " hearing_required") }
            let zoneName = f[4].isEmpty ? "Asia/Almaty" : f[4]
            let zone: ZoneTable.Resolved
            do { zone = try calendar.zones.resolve(zoneName) } catch { throw InputError(error.description, path: at + " time_zone") }
            guard let open = TimeOfDay(f[5].isEmpty ? "09:00" : f[5]) else { throw InputError("open \"\(f[5])\" is not HH:MM", path: at + " open") }
            guard let close = TimeOfDay(f[6].isEmpty ? "18:30" : f[6]), open < close else {
                throw InputError("close \"\(f[6])\" is not an HH:MM after open", path: at + " close")
            }
            let asOfDay: LocalDate
            do { asOfDay = try calendar.localDay(seconds: asOf.secondsSinceEpoch, zone: zone) } catch {
                throw InputError(error.description, path: "--as-of", code: error.code)
            }
            out.append((id, FlatRecords.Service(term: term, refusalTerm: refusal, hearingRequired: hearing, zone: zone,
                                                 closeMinutes: close.minutes, asOfDay: asOfDay)))
        }
        return out
    }
}

/// A hash table keyed by byte strings (service and provider ids), so rows are matched without building
/// `String`s. Open addressing, linear probing; keys are copied into one arena.
///
/// Shaped for `rasim scan`, which looks up two ids per row. A key of at most 8 bytes — ids such as `S0320`
/// or `P2765` — is handled as one 64-bit word (its bytes, little-endian, zero-padded): the slot stores the
/// word and the length, so a look-up is one multiply to hash and one comparison to confirm, with no byte
/// loop and no visit to the arena. Longer keys are hashed with FNV-1a and confirmed against the arena. Each
/// slot keeps key, length and entry index side by side: one cache line per probe.
public struct ByteKeyTable: Sendable {
    @usableFromInline struct Slot: Sendable {
        /// The key's word (≤ 8 bytes) or its FNV-1a hash (longer).
        @usableFromInline var key: UInt64
        @usableFromInline var length: Int32
        @usableFromInline var index: Int32          // -1: empty
        @usableFromInline init(key: UInt64, length: Int32, index: Int32) { self.key = key; self.length = length; self.index = index }
    }
    @usableFromInline var slots: [Slot]
    @usableFromInline var offsets: [Int]
    @usableFromInline var arena: [UInt8]
    public var count: Int { offsets.count }

    public init(capacity: Int = 1024) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [Slot](repeating: Slot(key: 0, length: 0, index: -1), count: c)
        offsets = []; arena = []
    }

    /// The word of a key of at most 8 bytes (read byte by byte; see `word(at:length:)` for the fast form).
    @inlinable @inline(__always) public static func word(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var w: UInt64 = 0
        for i in 0..<min(b.count, 8) { w |= UInt64(b[i]) << (8 * UInt64(i)) }
        return w
    }

    /// The same word read as one unaligned 8-byte load and masked to `length` (≤ 8) bytes. The caller
    /// guarantees that 8 bytes from `p` are readable memory (`rasim scan` pads its read buffer).
    @inlinable @inline(__always) public static func word(at p: UnsafePointer<UInt8>, length: Int) -> UInt64 {
        let w = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        return length >= 8 ? w : w & ((1 &<< UInt64(8 &* length)) &- 1)
    }

    /// The slot key: the word for a short key, FNV-1a for a long one.
    @inlinable @inline(__always) static func key(_ b: UnsafeBufferPointer<UInt8>, word: UInt64) -> UInt64 {
        if b.count <= 8 { return word }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        return h
    }

    /// Where to start probing: the key mixed with its length (one multiply-xorshift).
    @inlinable @inline(__always) static func start(_ key: UInt64, _ length: Int) -> Int {
        let m = (key ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: m ^ (m >> 29))
    }

    @inlinable @inline(__always) func find(_ b: UnsafeBufferPointer<UInt8>, _ key: UInt64) -> (slot: Int, index: Int?) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var s = Self.start(key, b.count) & mask
            while true {
                let e = slots[s]
                if e.index < 0 { return (s, nil) }
                if e.key == key, Int(e.length) == b.count {
                    // A short key's word holds all its bytes: equal words are equal keys.
                    if b.count <= 8 || sameBytes(b, Int(e.index)) { return (s, Int(e.index)) }
                }
                s = (s + 1) & mask
            }
        }
    }

    @usableFromInline func sameBytes(_ b: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let o = offsets[index]
        for i in 0..<b.count where arena[o + i] != b[i] { return false }
        return true
    }

    @inlinable public func index(of b: UnsafeBufferPointer<UInt8>) -> Int? { find(b, Self.key(b, word: Self.word(b))).index }

    /// `index(of:)` with the key's `word` already at hand (it must be `word(b)`).
    @inlinable @inline(__always) public func index(of b: UnsafeBufferPointer<UInt8>, word: UInt64) -> Int? {
        find(b, Self.key(b, word: word)).index
    }

    /// The key's index, inserting it when new.
    @inlinable public mutating func insert(_ b: UnsafeBufferPointer<UInt8>) -> Int { insert(b, word: Self.word(b)) }

    /// `insert` with the key's `word` already at hand (it must be `word(b)`).
    @inlinable @inline(__always) public mutating func insert(_ b: UnsafeBufferPointer<UInt8>, word: UInt64) -> Int {
        let key = Self.key(b, word: word)
        let (slot, idx) = find(b, key)
        if let idx { return idx }
        return add(b, key, slot)
    }

    @usableFromInline @inline(never) mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ key: UInt64, _ slot: Int) -> Int {
        let new = offsets.count
        slots[slot] = Slot(key: key, length: Int32(b.count), index: Int32(new))
        offsets.append(arena.count); arena.append(contentsOf: b)
        if offsets.count * 2 > slots.count { grow() }
        return new
    }

    @usableFromInline mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, length: 0, index: -1), count: old.count * 2)
        let mask = slots.count - 1
        for e in old where e.index >= 0 {
            var s = Self.start(e.key, Int(e.length)) & mask
            while slots[s].index >= 0 { s = (s + 1) & mask }
            slots[s] = e
        }
    }

    public func key(_ i: Int) -> String {
        let end = i + 1 < offsets.count ? offsets[i + 1] : arena.count
        return String(decoding: arena[offsets[i]..<end], as: UTF8.self)
    }
}
