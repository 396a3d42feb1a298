import Foundation
import Testing

/// Runs the built `rasim` executable as a subprocess.
enum Rasim {
    /// The `rasim` binary in the products directory next to the test bundle.
    static let binary: URL? = {
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

    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var out: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        var description: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }
    }

    /// Runs `rasim args…` with `stdin` (or /dev/null) and the environment without any calendar overrides
    /// variable unless one is given. Output goes through temporary files, so large outputs cannot block.
    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
        let bin = try #require(binary, "the rasim executable was not found next to the test bundle (\(Bundle.main.bundleURL.path))")
        let dir = try TempDir()
        let outURL = dir.url.appendingPathComponent("out"), errURL = dir.url.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "RASIM_CALENDAR_OVERRIDES")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        p.currentDirectoryURL = dir.url
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
        p.waitUntilExit()
        try outH.close(); try errH.close()
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return Result(status: p.terminationStatus, stdout: out, stderr: err)
    }
}

/// A temporary directory removed when the value goes away.
final class TempDir: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String, _ contents: String) throws -> String {
        let f = url.appendingPathComponent(name)
        try Data(contents.utf8).write(to: f)
        return f.path
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A JSON value that keeps JSON's types apart (a boolean is not a number, an integer not a string).
enum JSON: Equatable, Decodable, CustomStringConvertible {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
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

    static func parse(_ text: String) throws -> JSON { try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }

    subscript(key: String) -> JSON? { if case .object(let o) = self { return o[key] } else { return nil } }
    subscript(index: Int) -> JSON? { if case .array(let a) = self, a.indices.contains(index) { return a[index] } else { return nil } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    var array: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    var object: [String: JSON]? { if case .object(let o) = self { return o } else { return nil } }
    var description: String {
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

/// The contract's error shape: exit 2, nothing on stdout, and stderr exactly one JSON object
/// `{"error": {"code", "message", "path"}}`. Returns the error object for further checks.
@discardableResult
func expectContractError(_ r: Rasim.Result, code: String, path: String? = nil,
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
    #expect(Set(e.keys).isSuperset(of: ["code", "message", "path"]), "\(r)", sourceLocation: sourceLocation)
    #expect(e["code"]?.string == code, "\(r)", sourceLocation: sourceLocation)
    #expect((e["message"]?.string ?? "").isEmpty == false, "\(r)", sourceLocation: sourceLocation)
    #expect(e["path"]?.string != nil, "\(r)", sourceLocation: sourceLocation)
    if let path { #expect(e["path"]?.string == path, "\(r)", sourceLocation: sourceLocation) }
    return e
}

/// Success with a bare value on stdout.
func expectValue(_ args: [String], _ value: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let r = try Rasim.run(args)
    #expect(r.status == 0, "\(r)", sourceLocation: sourceLocation)
    #expect(r.out == value, "\(args.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
}

/// True when the value is a non-empty string.
func nonEmpty(_ j: JSON?) -> Bool { !(j?.string ?? "").isEmpty }
