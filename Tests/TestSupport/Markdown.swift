import Foundation
import Testing

/// The repository's own files, found from this source file's place (Tests/TestSupport/), so the documentation tests
/// read what a fresh clone has.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// Every file below `folder` (relative to the root) whose name ends with one of `suffixes`, skipping build
    /// products, virtual environments, benchmark outputs and hidden folders; sorted, relative to the root.
    public static func files(under folder: String, endingWith suffixes: [String]) -> [String] {
        let base = url(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        var out: [String] = []
        for case let file as URL in walker {
            let name = file.lastPathComponent
            if (try? file.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                if name.hasPrefix(".") || name == "out" || name == "node_modules" { walker.skipDescendants() }
                continue
            }
            guard suffixes.contains(where: { name.hasSuffix($0) }) else { continue }
            out.append(String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
        }
        return out.sorted()
    }

    /// The Markdown pages a reader of the repository meets: the front-door files and everything under docs/ and
    /// Benchmarks/.
    public static var markdownPages: [String] {
        ["README.md", "CHANGELOG.md", "CONTRIBUTING.md", "SECURITY.md"].filter { FileManager.default.fileExists(atPath: url($0).path) }
            + files(under: "docs", endingWith: [".md"]) + files(under: "Benchmarks", endingWith: [".md"])
    }

    public static func read(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url(relative)), as: UTF8.self)
    }
}

/// What the documentation tests need from Markdown (CommonMark's fenced code blocks, inline links and images, ATX
/// headings as GitHub anchors them) — no more.
public enum Markdown {
    /// A fenced code block: its info string's words (`json file=input.json` → ["json", "file=input.json"]), its text
    /// with a final newline, and the line its fence opens on (1-based).
    public struct Block: Sendable {
        public let info: [String]
        public let text: String
        public let line: Int
        /// `key=value` words of the info string.
        public func option(_ key: String) -> String? {
            info.dropFirst().first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        public func has(_ flag: String) -> Bool { info.dropFirst().contains(flag) }
    }

    /// The fenced code blocks (``` or ~~~, three or more), in order.
    public static func blocks(_ text: String) -> [Block] {
        var out: [Block] = []
        var open: (fence: String, info: [String], line: Int, body: [Substring])?
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if var o = open {
                if trimmed.hasPrefix(o.fence), trimmed.drop(while: { $0 == o.fence.first }).allSatisfy(\.isWhitespace) {
                    out.append(Block(info: o.info, text: o.body.map { $0 + "\n" }.joined(), line: o.line)); open = nil
                } else { o.body.append(line); open = o }
                continue
            }
            for f in ["```", "~~~"] where trimmed.hasPrefix(f) {
                let fence = String(trimmed.prefix { $0 == f.first })
                let info = trimmed.dropFirst(fence.count).split(separator: " ").map(String.init)
                open = (fence, info, n + 1, [])
            }
        }
        return out
    }

    /// The text outside fenced blocks and inline code spans (where a link is not a link), line by line; lines inside
    /// a fenced block come back empty so numbers stay true.
    public static func prose(_ text: String, keepingCode: Bool = false) -> [String] {
        var inFence: String?
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let trimmed = line.drop { $0 == " " }
            if let f = inFence {
                if trimmed.hasPrefix(f) { inFence = nil }
                return ""
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence = String(trimmed.prefix(3)); return "" }
            return keepingCode ? String(line) : String(line).replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
        }
    }

    /// Inline links and images `[text](target "title")`, and reference definitions `[label]: target`: (target, line).
    public static func links(_ text: String) -> [(target: String, line: Int)] {
        let inline = try! NSRegularExpression(pattern: #"\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)"#)
        let reference = try! NSRegularExpression(pattern: #"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"#)
        var out: [(String, Int)] = []
        for (n, line) in prose(text).enumerated() {
            let ns = line as NSString
            for re in [inline, reference] {
                for m in re.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
                    out.append((ns.substring(with: m.range(at: 1)), n + 1))
                }
            }
        }
        return out
    }

    /// The anchors GitHub gives a page's headings: lower case, punctuation dropped (letters, digits, marks, `-`
    /// and `_` kept, in any script), spaces to `-`, a repeated one numbered `-1`, `-2`…; plus explicit `id="…"` and
    /// `name="…"` anchors.
    public static func anchors(_ text: String) -> Set<String> {
        var out: Set<String> = [], seen: [String: Int] = [:]
        for line in prose(text, keepingCode: true) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix { $0 == "#" }
                guard hashes.count <= 6, trimmed.dropFirst(hashes.count).first == " " else { continue }
                var title = String(trimmed.dropFirst(hashes.count)).trimmingCharacters(in: .whitespaces)
                title = title.replacingOccurrences(of: #"\s#+$"#, with: "", options: .regularExpression)
                let slug = slug(title)
                let k = seen[slug, default: 0]
                seen[slug] = k + 1
                out.insert(k == 0 ? slug : "\(slug)-\(k)")
            }
            let ns = line as NSString
            for m in explicitAnchor.matches(in: line, range: NSRange(location: 0, length: ns.length)) { out.insert(ns.substring(with: m.range(at: 1))) }
        }
        return out
    }

    static let explicitAnchor = try! NSRegularExpression(pattern: #"(?:id|name)="([^"]+)""#)

    /// GitHub's anchor of a heading's text (links and emphasis markers count as punctuation and go).
    public static func slug(_ title: String) -> String {
        let withoutLinks = title.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        var s = ""
        for scalar in withoutLinks.lowercased().unicodeScalars {
            if scalar == " " { s.append("-") }
            else if scalar == "-" || scalar == "_" || CharacterSet.alphanumerics.contains(scalar) || CharacterSet.nonBaseCharacters.contains(scalar) {
                s.unicodeScalars.append(scalar)
            }
        }
        return s
    }
}

/// A part of a checked-in page that a test generates from the program (the CLI manual from the command definitions,
/// the HTTP reference from /openapi.json), between two marker lines, so the page and the program cannot drift.
/// `RASIM_WRITE_REFERENCE=1 swift test --skip-build --filter <suite>` writes the part instead of comparing.
public enum GeneratedPart {
    public static let begin = "<!-- generated: do not edit below this line by hand -->"
    public static let end = "<!-- end of the generated part -->"

    public static func check(_ relative: String, generated: String, suite: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let page = try Repository.read(relative)
        let b = try #require(page.range(of: begin + "\n"), "\(relative) has no line \(begin)", sourceLocation: sourceLocation)
        let e = try #require(page.range(of: end, range: b.upperBound..<page.endIndex), "\(relative) has no line \(end)", sourceLocation: sourceLocation)
        let current = String(page[b.upperBound..<e.lowerBound])
        if ProcessInfo.processInfo.environment["RASIM_WRITE_REFERENCE"] == "1" {
            if current != generated {
                try Data((String(page[..<b.upperBound]) + generated + String(page[e.lowerBound...])).utf8).write(to: Repository.url(relative))
            }
            return
        }
        if current != generated {
            let a = current.split(separator: "\n", omittingEmptySubsequences: false), g = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, g).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, g.count)
            Issue.record("""
                \(relative) differs from what the program says, first at the generated part's line \(first + 1):
                  page:    \(first < a.count ? String(a[first]) : "(end)")
                  program: \(first < g.count ? String(g[first]) : "(end)")
                Regenerate with RASIM_WRITE_REFERENCE=1 swift test --skip-build --filter \(suite)
                """, sourceLocation: sourceLocation)
        }
    }
}
