import BundledData
import Foundation
import LegalCore
import RiskAssessment
import Testing

/// The bundled PS-RISK-2023 criteria, loaded once.
let criteria: RiskCriteria = {
    do { return try BundledData.riskCriteria() } catch { fatalError("risk.json does not load: \(error)") }
}()

func day(_ s: String) -> LocalDate {
    guard let d = LocalDate(s) else { fatalError("bad date literal \(s)") }
    return d
}

/// The degrees as DOMAIN.md §4 groups them, for building assessed sets by hand.
enum Numbers {
    static let gross: Set<Int> = [9, 11, 12, 13, 14, 15, 16, 17, 19, 20, 23, 26, 32, 33, 35]
    static let significant: [Int] = [1, 2, 3, 5, 7, 8, 10, 18, 21, 24, 25, 27, 28, 29, 34]
    static let minor: [Int] = [4, 6, 22, 30, 31]
}

/// A degree's (SP1, SP2, score), comparable (DegreeScore has no public initializer).
struct D: Equatable, CustomStringConvertible {
    var assessed: Int, violated: Int, score: Rational
    init(_ assessed: Int, _ violated: Int, _ score: Rational) { self.assessed = assessed; self.violated = violated; self.score = score }
    init(_ d: DegreeScore) { self.init(d.assessed, d.violated, d.score) }
    var description: String { "(SP1 \(assessed), SP2 \(violated), \(score))" }
}

/// A subject's objective facts with every criterion off unless given.
func objective(services: Int = 0, complaints: Int = 0, art465: Bool = false, media: Bool = false,
               inspections: Int = 0, refusals: Bool = false) -> SubjectData.Objective {
    SubjectData.Objective(servicesRenderedLast6Months: services, complaintsToAuthorizedBodyLast6Months: complaints,
                          art465LiabilityLastYear: art465, negativeMediaLastYear: media, inspectionsLastYear: inspections,
                          refusalsInInternalControlReport: refusals)
}

/// An objectively HIGH subject (criterion 1) with the given subjective data.
func subject(_ id: String, high: Bool = true, assessed: Set<Int>? = nil, violated: Set<Int>,
             lastVisit: String? = nil) -> SubjectData {
    SubjectData(id: id, objective: high ? objective(services: 1001) : objective(),
                assessed: assessed, violated: violated, lastVisit: lastVisit.map(day))
}

/// The repository root: walk up from this file until Package.swift.
let repoRoot: URL = {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        dir = dir.deletingLastPathComponent()
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// Runs the built `rasim` executable as a subprocess.
enum RasimProcess {
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
        var description: String { "exit \(status)\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)" }
        func json() throws -> JSON { try JSON.parse(stdout) }
    }

    /// Runs `rasim args…` with `stdin` (or /dev/null); output goes through temporary files.
    static func run(_ args: [String], stdin: String? = nil) throws -> Result {
        let bin = try #require(binary, "the rasim executable was not found next to the test bundle (\(Bundle.main.bundleURL.path)); build with --build-tests")
        let dir = try TempDir()
        let outURL = dir.url.appendingPathComponent("out"), errURL = dir.url.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = bin
        p.arguments = args
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
        return Result(status: p.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// `rasim risk -` on the given JSON text.
    static func risk(_ input: String) throws -> Result { try run(["risk", "-"], stdin: input) }
}

/// A temporary directory removed when the value goes away.
final class TempDir: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-risk-tests-\(UUID().uuidString)")
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
    /// A JSON number (integer or not) as a Double.
    var number: Double? {
        switch self { case .int(let i): return Double(i); case .double(let d): return d; default: return nil }
    }
    var ints: [Int]? { array?.compactMap(\.int) }
    var strings: [String]? { array?.compactMap(\.string) }
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

/// The contract's error shape (contracts/README.md): exit 2, nothing on stdout, and stderr exactly one JSON
/// object `{"error": {"code", "message", "path"}}`.
@discardableResult
func expectContractError(_ r: RasimProcess.Result, code: String = "invalid_input", path: String? = nil,
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
    if let path { #expect(e["path"]?.string == path, "\(r)", sourceLocation: sourceLocation) }
    return e
}
