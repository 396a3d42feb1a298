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
public struct ByteKeyTable: Sendable {
    @usableFromInline var slots: [Int32]        // -1 empty, else entry index
    @usableFromInline var hashes: [UInt64]
    @usableFromInline var offsets: [Int]
    @usableFromInline var lengths: [Int]
    @usableFromInline var arena: [UInt8]
    public var count: Int { offsets.count }

    public init(capacity: Int = 1024) {
        var c = 16
        while c < capacity * 2 { c <<= 1 }
        slots = [Int32](repeating: -1, count: c)
        hashes = []; offsets = []; lengths = []; arena = []
    }

    @inlinable static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        return h
    }

    @inlinable func find(_ b: UnsafeBufferPointer<UInt8>, _ h: UInt64) -> (slot: Int, index: Int?) {
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = slots[s]
            if e < 0 { return (s, nil) }
            let idx = Int(e)
            if hashes[idx] == h, lengths[idx] == b.count {
                let o = offsets[idx]
                var same = true
                for i in 0..<b.count where arena[o + i] != b[i] { same = false; break }
                if same { return (s, idx) }
            }
            s = (s + 1) & mask
        }
    }

    @inlinable public func index(of b: UnsafeBufferPointer<UInt8>) -> Int? { find(b, Self.hash(b)).index }

    /// The key's index, inserting it when new.
    @inlinable public mutating func insert(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let h = Self.hash(b)
        let (slot, idx) = find(b, h)
        if let idx { return idx }
        let new = offsets.count
        slots[slot] = Int32(new)
        hashes.append(h); offsets.append(arena.count); lengths.append(b.count); arena.append(contentsOf: b)
        if offsets.count * 2 > slots.count { grow() }
        return new
    }

    @usableFromInline mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for idx in 0..<offsets.count {
            var s = Int(truncatingIfNeeded: hashes[idx]) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(idx)
        }
    }

    public func key(_ i: Int) -> String { String(decoding: arena[offsets[i]..<(offsets[i] + lengths[i])], as: UTF8.self) }
}
