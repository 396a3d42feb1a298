import Foundation

/// A parsed JSON value. Rasim parses input itself (rather than with `JSONDecoder`) so that large files
/// can be read one array element at a time from a memory-mapped file, and every error names its path.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(String)          // kept as written: integers and decimals are interpreted by the reader
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }
}

/// An input error: what, and where (a JSON path such as `$.applications[3].events[1].at`).
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var path: String
    /// Well-formed, but against a rule the input's shape cannot say (a BIN's check digit, an id given twice):
    /// the server answers 422, not 400 (docs/reference/http.md).
    public var isRule = false
    /// What kind of problem it is, for a page to word in the user's language (`input_error_<reason>` in the
    /// translation tables); the contracts' `code` and English `message` stay as they are.
    public var reason: Reason
    public init(_ message: String, path: String, code: String = "invalid_input", reason: Reason = .other) {
        self.message = message; self.path = path; self.code = code; self.reason = reason
    }
    public static func rule(_ message: String, path: String, reason: Reason = .rule) -> InputError {
        var e = InputError(message, path: path, reason: reason); e.isRule = true; return e
    }

    /// An open set: the JSON kit's own kinds below, and a codec's (e.g. a rule of its act).
    public struct Reason: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let json = Reason(rawValue: "json"), duplicateField = Reason(rawValue: "duplicate_field")
        public static let missing = Reason(rawValue: "missing"), type = Reason(rawValue: "type"), text = Reason(rawValue: "text")
        public static let identifier = Reason(rawValue: "identifier"), empty = Reason(rawValue: "empty"), range = Reason(rawValue: "range")
        public static let date = Reason(rawValue: "date"), instant = Reason(rawValue: "instant"), unknownValue = Reason(rawValue: "unknown_value")
        public static let duplicate = Reason(rawValue: "duplicate"), rule = Reason(rawValue: "rule"), other = Reason(rawValue: "other")
    }
    public var description: String { "\(path): \(message)" }
}

/// A JSON parser over raw bytes. `parseValue` parses one value; `skipValue` validates and skips one.
public struct JSONParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    public var pos: Int

    public init(_ buffer: UnsafeRawBufferPointer, at pos: Int = 0) {
        self.base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.count = buffer.count
        self.pos = pos
    }

    /// A whole document: one JSON value, then nothing but white space.
    public static func document(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> JSONValue {
        var p = JSONParser(bytes)
        let v = try p.parseValue("$")
        p.skipSpace()
        guard p.atEnd else { throw InputError("not valid JSON: unexpected text after the document", path: "$", reason: .json) }
        return v
    }

    /// `document` of a text.
    public static func document(_ text: String) throws(InputError) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, InputError> = copy.withUTF8 { buf in
            do throws(InputError) { return .success(try document(UnsafeRawBufferPointer(buf))) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Line and column of a byte offset, for syntax errors.
    func location(_ p: Int) -> String {
        var line = 1, col = 1, i = 0
        while i < p && i < count { if base[i] == 10 { line += 1; col = 1 } else { col += 1 }; i += 1 }
        return "line \(line), column \(col)"
    }

    public func syntax(_ what: String, _ path: String) -> InputError {
        InputError("not valid JSON: \(what) at \(location(pos))", path: path, reason: .json)
    }

    @inline(__always) public mutating func skipSpace() {
        while pos < count {
            let c = base[pos]
            if c == 32 || c == 10 || c == 13 || c == 9 { pos += 1 } else { break }
        }
    }

    public var atEnd: Bool { pos >= count }
    public func peek() -> UInt8? { pos < count ? base[pos] : nil }

    public mutating func expect(_ c: UInt8, _ path: String) throws(InputError) {
        skipSpace()
        guard pos < count, base[pos] == c else { throw syntax("expected '\(Character(UnicodeScalar(c)))'", path) }
        pos += 1
    }

    public mutating func parseValue(_ path: String, depth: Int = 0) throws(InputError) -> JSONValue {
        guard depth < 200 else { throw syntax("nesting too deep", path) }
        skipSpace()
        guard pos < count else { throw syntax("unexpected end of input", path) }
        switch base[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var pairs: [(String, JSONValue)] = []
            var names: Set<String> = []  // only for large objects; small ones are scanned
            skipSpace()
            if peek() == UInt8(ascii: "}") { pos += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\"") else { throw syntax("expected a field name", path) }
                let key = try parseString(path)
                // A field given twice is refused: readers disagree on which one counts (Rasim would read the
                // first, most clients the last), so a body could say one thing to Rasim and another to them.
                let duplicate: Bool
                if pairs.count < 16 { duplicate = pairs.contains { $0.0 == key } } else {
                    if names.isEmpty { names = Set(pairs.map(\.0)) }
                    duplicate = !names.insert(key).inserted
                }
                guard !duplicate else { throw InputError("the field \"\(key)\" is given twice", path: path + "." + key, reason: .duplicateField) }
                try expect(UInt8(ascii: ":"), path)
                let v = try parseValue(path + "." + key, depth: depth + 1)
                pairs.append((key, v))
                skipSpace()
                guard pos < count else { throw syntax("unexpected end of input", path) }
                if base[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if base[pos] == UInt8(ascii: "}") { pos += 1; return .object(pairs) }
                throw syntax("expected ',' or '}'", path)
            }
        case UInt8(ascii: "["):
            pos += 1
            var items: [JSONValue] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { pos += 1; return .array(items) }
            while true {
                items.append(try parseValue(path + "[\(items.count)]", depth: depth + 1))
                skipSpace()
                guard pos < count else { throw syntax("unexpected end of input", path) }
                if base[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if base[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
                throw syntax("expected ',' or ']'", path)
            }
        case UInt8(ascii: "\""):
            return .string(try parseString(path))
        case UInt8(ascii: "t"): try literal("true", path); return .bool(true)
        case UInt8(ascii: "f"): try literal("false", path); return .bool(false)
        case UInt8(ascii: "n"): try literal("null", path); return .null
        default:
            return .number(try parseNumber(path))
        }
    }

    mutating func literal(_ word: StaticString, _ path: String) throws(InputError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= count else { throw syntax("unexpected end of input", path) }
        for i in 0..<n where base[pos + i] != word.utf8Start[i] { throw syntax("unexpected character", path) }
        pos += n
    }

    mutating func parseNumber(_ path: String) throws(InputError) -> String {
        let start = pos
        if peek() == UInt8(ascii: "-") { pos += 1 }
        var digits = 0
        while pos < count, base[pos] >= 48, base[pos] <= 57 { pos += 1; digits += 1 }
        guard digits > 0 else { throw syntax("unexpected character", path) }
        if pos < count, base[pos] == UInt8(ascii: ".") {
            pos += 1
            var frac = 0
            while pos < count, base[pos] >= 48, base[pos] <= 57 { pos += 1; frac += 1 }
            guard frac > 0 else { throw syntax("bad number", path) }
        }
        if pos < count, base[pos] == UInt8(ascii: "e") || base[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < count, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") { pos += 1 }
            var exp = 0
            while pos < count, base[pos] >= 48, base[pos] <= 57 { pos += 1; exp += 1 }
            guard exp > 0 else { throw syntax("bad number", path) }
        }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
    }

    public mutating func parseString(_ path: String) throws(InputError) -> String {
        pos += 1 // opening quote
        let start = pos
        var simple = true
        while pos < count {
            let c = base[pos]
            if c == UInt8(ascii: "\"") {
                if simple {
                    let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
                    pos += 1
                    return s
                }
                break
            }
            if c == UInt8(ascii: "\\") { simple = false; pos += 2; continue }
            if c < 0x20 { throw syntax("control character in a string", path) }
            pos += 1
        }
        guard pos < count else { throw syntax("unterminated string", path) }
        // Slow path: unescape.
        var bytes: [UInt8] = []
        var i = start
        while i < pos {
            let c = base[i]
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            i += 1
            guard i < pos else { throw syntax("bad escape", path) }
            switch base[i] {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                func hex(_ at: Int) -> UInt32? {
                    guard at + 4 <= pos else { return nil }
                    var v: UInt32 = 0
                    for k in 0..<4 {
                        let h = base[at + k]
                        let d: UInt32
                        switch h {
                        case 48...57: d = UInt32(h - 48)
                        case 65...70: d = UInt32(h - 55)
                        case 97...102: d = UInt32(h - 87)
                        default: return nil
                        }
                        v = v * 16 + d
                    }
                    return v
                }
                guard var u = hex(i + 1) else { throw syntax("bad \\u escape", path) }
                i += 4
                if (0xD800...0xDBFF).contains(u), i + 2 < pos, base[i + 1] == UInt8(ascii: "\\"), base[i + 2] == UInt8(ascii: "u"),
                   let lo = hex(i + 3), (0xDC00...0xDFFF).contains(lo) {
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                    i += 6
                }
                let scalar = UnicodeScalar(u) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw syntax("bad escape", path)
            }
            i += 1
        }
        pos += 1
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Skips one value, checking its syntax, without building it (for the first pass over large arrays).
    public mutating func skipValue(_ path: String) throws(InputError) {
        _ = try parseValue(path)
    }
}

extension JSONValue {
    /// Compact JSON text (keys in their input order; numbers as written).
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends `text` to `out` (one buffer for the whole document).
    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONText.string(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += JSONText.string(key)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// The object with a field set (replaced if present, else appended).
    public func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var pairs) = self else { return self }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }
}

extension JSONValue {
    /// An object with `key` set to `value` (added at the end when absent); nil when this is not an object.
    public func setting(_ key: String, _ value: JSONValue) -> JSONValue? {
        guard case .object(var pairs) = self else { return nil }
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
        return .object(pairs)
    }

    /// An object with `value` appended to its list `key` (made when absent); nil when this is not an object or
    /// `key` holds something other than a list.
    public func appending(_ value: JSONValue, to key: String) -> JSONValue? {
        switch self[key] {
        case nil, .null?: return setting(key, .array([value]))
        case .array(let items)?: return setting(key, .array(items + [value]))
        default: return nil
        }
    }

    /// An object with item `index` of its list `key` replaced by `value`; nil when there is no such item.
    public func replacingItem(_ index: Int, of key: String, with value: JSONValue) -> JSONValue? {
        guard var items = self[key]?.items, items.indices.contains(index) else { return nil }
        items[index] = value
        return setting(key, .array(items))
    }

    /// The items of a list, nil for anything else.
    public var items: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The text of a string, nil for anything else.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
}
