import Foundation
import Testing

// What several test targets need, written once: running the built `rasim`, temporary folders, JSON that
// keeps its types apart, the contract's error shape, and a repeatable random generator.

/// Runs the built `rasim` executable as a subprocess.
public enum RasimProcess {
    /// The `rasim` binary in the products directory next to the test bundle.
    public static let binary: URL? = {
        var dirs: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let e = Bundle.main.executableURL { dirs.append(e.deletingLastPathComponent()) }
        dirs.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for b in Bundle.allBundles { dirs += [b.bundleURL, b.bundleURL.deletingLastPathComponent()] }
        for dir in dirs {
            let candidate = dir.appendingPathComponent("rasim")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        return nil
    }()

    /// The variables a child must not inherit from the test run (a developer's overrides or database).
    public static let isolatedVariables = ["RASIM_CALENDAR_OVERRIDES", "RASIM_DATABASE_URL", "RASIM_READ_DATABASE_URL", "RASIM_METRICS_TOKEN", "RASIM_AUDIT_KEY"]

    public static func requireBinary(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(binary, "the rasim executable was not found next to the test bundle (\(Bundle.main.bundleURL.path)); build with --build-tests",
                     sourceLocation: sourceLocation)
    }

    public struct Result: CustomStringConvertible, Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public init(status: Int32, stdout: String, stderr: String) { self.status = status; self.stdout = stdout; self.stderr = stderr }
        /// Standard output without surrounding white space.
        public var out: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        public func json() throws -> JSON { try JSON.parse(stdout) }
        public var description: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }
    }

    /// Runs `rasim args…` to completion with `stdin` (or /dev/null) and `env` added to an isolated
    /// environment, in `dir` (a fresh temporary folder by default). Output goes through temporary files, so
    /// large outputs cannot block. With `timeout`, a process still running then is killed and the test fails.
    public static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], in workDir: URL? = nil,
                           timeout: Double? = nil) throws -> Result {
        let bin = try requireBinary()
        let dir = try TempDir()
        let outURL = dir.url.appendingPathComponent("out"), errURL = dir.url.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        for k in isolatedVariables { environment.removeValue(forKey: k) }
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        p.currentDirectoryURL = workDir ?? dir.url
        p.standardOutput = outH
        p.standardError = errH
        if let stdin {
            let inURL = dir.url.appendingPathComponent("in")
            try Data(stdin.utf8).write(to: inURL)
            p.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while p.isRunning, Date() < deadline { usleep(20_000) }
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                Issue.record("rasim \(args.joined(separator: " ")) did not finish in \(timeout) s; killed")
            }
        }
        p.waitUntilExit()
        try outH.close(); try errH.close()
        return Result(status: p.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// A temporary directory removed when the value goes away.
public final class TempDir: @unchecked Sendable {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    /// Writes a file in the directory and returns its path.
    public func file(_ name: String, _ contents: String) throws -> String {
        let f = url.appendingPathComponent(name)
        try Data(contents.utf8).write(to: f)
        return f.path
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A JSON value that keeps JSON's types apart (a boolean is not a number, an integer not a string).
public enum JSON: Equatable, Decodable, CustomStringConvertible, Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

    public init(from decoder: Decoder) throws {
        if var a = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !a.isAtEnd { items.append(try a.decode(JSON.self)) }
            self = .array(items); return
        }
        if let o = try? decoder.container(keyedBy: AnyKey.self) {
            var d: [String: JSON] = [:]
            for k in o.allKeys { d[k.stringValue] = try o.decode(JSON.self, forKey: k) }
            self = .object(d); return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let x = try? c.decode(Double.self) { self = .double(x) }
        else { self = .string(try c.decode(String.self)) }
    }

    struct AnyKey: CodingKey {
        var stringValue: String; var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }

    public static func parse(_ text: String) throws -> JSON { try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }

    public subscript(key: String) -> JSON? { if case .object(let o) = self { return o[key] } else { return nil } }
    public subscript(index: Int) -> JSON? { if case .array(let a) = self, a.indices.contains(index) { return a[index] } else { return nil } }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var object: [String: JSON]? { if case .object(let o) = self { return o } else { return nil } }
    /// A JSON number (integer or not) as a Double.
    public var number: Double? {
        switch self { case .int(let i): return Double(i); case .double(let d): return d; default: return nil }
    }
    public var ints: [Int]? { array?.compactMap(\.int) }
    public var strings: [String]? { array?.compactMap(\.string) }
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.keys.sorted().map { "\"\($0)\": \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// The contract's error shape (docs/reference/README.md): exit 2, nothing on stdout, and stderr exactly one JSON
/// object `{"error": {"code", "message", "path"}}`. Returns the error object for further checks.
@discardableResult
public func expectContractError(_ r: RasimProcess.Result, code: String = "invalid_input", path: String? = nil,
                                sourceLocation: SourceLocation = #_sourceLocation) -> [String: JSON]? {
    #expect(r.status == 2, "\(r)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "stdout must be empty: \(r)", sourceLocation: sourceLocation)
    let text = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(!text.contains("\n"), "stderr must hold one JSON object only: \(r)", sourceLocation: sourceLocation)
    guard let json = try? JSON.parse(text), let top = json.object else {
        Issue.record("stderr is not a JSON object: \(r)", sourceLocation: sourceLocation); return nil
    }
    #expect(Set(top.keys) == ["error"], "\(r)", sourceLocation: sourceLocation)
    guard let e = top["error"]?.object else { Issue.record("no error object: \(r)", sourceLocation: sourceLocation); return nil }
    #expect(Set(e.keys) == ["code", "message", "path"], "\(r)", sourceLocation: sourceLocation)
    #expect(e["code"]?.string == code, "\(r)", sourceLocation: sourceLocation)
    #expect((e["message"]?.string ?? "").isEmpty == false, "\(r)", sourceLocation: sourceLocation)
    #expect(e["path"]?.string != nil, "\(r)", sourceLocation: sourceLocation)
    if let path { #expect(e["path"]?.string == path, "\(r)", sourceLocation: sourceLocation) }
    return e
}

/// SplitMix64: a small deterministic generator, so every run draws the same "random" cases.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}
