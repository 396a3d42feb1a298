import Foundation
import TestSupport
import Testing

/// The repository stands on its own: every worked example of the interface reference runs as written, the CLI
/// manual is the command definitions', every relative link in the Markdown pages lands on a file (and heading) that
/// exists, and nothing names a path outside the repository.
@Suite struct ReferenceDocsTests {
    /// The pages whose ```console blocks are run: every Markdown page that has one.
    static let pagesWithExamples: [String] = Repository.markdownPages.filter { page in
        ((try? Repository.read(page)).map { Markdown.blocks($0).contains { $0.info.first == "console" } }) ?? false
    }

    /// One page's worked examples, run in order in one scratch folder (docs/reference/README.md, "Worked examples"):
    /// a block `… file=NAME` is written to NAME; each `$ rasim …` line of a ```console block is run there; an `output`
    /// block is the last command's exact standard output (exit 0 unless `exit=N`), a `stderr` block its exact standard
    /// error (exit 2 unless `exit=N`, nothing on standard output); a command with neither after it must exit 0.
    @Test("the worked examples run as written", arguments: pagesWithExamples)
    func examplesRunAsWritten(page: String) throws {
        let dir = try TempDir()
        var last: (command: String, line: Int, result: RasimProcess.Result, checked: Bool)?
        var commands = 0
        func settle() {
            if let l = last, !l.checked {
                #expect(l.result.status == 0, "\(page):\(l.line): `\(l.command)` exited \(l.result.status)\n\(l.result.stderr)")
            }
        }
        for block in Markdown.blocks(try Repository.read(page)) {
            if let name = block.option("file") {
                #expect(!name.contains("..") && !name.hasPrefix("/"), "\(page):\(block.line): a file name inside the scratch folder")
                let url = dir.url.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(block.text.utf8).write(to: url)
            } else if block.info.first == "console" {
                settle(); last = nil
                let lines = block.text.split(separator: "\n").filter { $0.hasPrefix("$ ") }
                #expect(!lines.isEmpty, "\(page):\(block.line): a console block without a `$ rasim …` line")
                for (k, line) in lines.enumerated() {
                    let command = String(line.dropFirst(2))
                    var words = try #require(Self.words(command), "\(page):\(block.line): unbalanced quotes in `\(command)`")
                    try #require(words.first == "rasim", "\(page):\(block.line): an example runs rasim, not `\(command)`")
                    var stdin: String?
                    if let i = words.firstIndex(of: "<"), i + 1 < words.count {
                        stdin = String(decoding: try Data(contentsOf: dir.url.appendingPathComponent(words[i + 1])), as: UTF8.self)
                        words.removeSubrange(i...(i + 1))
                    }
                    let result = try RasimProcess.run(Array(words.dropFirst()), stdin: stdin, in: dir.url, timeout: 60)
                    commands += 1
                    if k < lines.count - 1 {
                        #expect(result.status == 0, "\(page):\(block.line): `\(command)` exited \(result.status)\n\(result.stderr)")
                    }
                    last = (command, block.line, result, false)
                }
            } else if block.has("output") || block.has("stderr") {
                let l = try #require(last, "\(page):\(block.line): an output block with no command before it")
                last?.checked = true
                let isError = block.has("stderr")
                let status = Int32(block.option("exit") ?? (isError ? "2" : "0"))
                #expect(l.result.status == status, "\(page):\(block.line): `\(l.command)` exited \(l.result.status), the page says \(status.map(String.init) ?? "?")\n\(l.result.stderr)")
                let got = (isError ? l.result.stderr : l.result.stdout).trimmingTrailingWhitespace
                #expect(got == block.text.trimmingTrailingWhitespace, "\(page):\(block.line): `\(l.command)` printed:\n\(got)")
                if isError { #expect(l.result.stdout.isEmpty, "\(page):\(block.line): `\(l.command)` wrote to standard output on an error") }
            }
        }
        settle()
        #expect(commands > 0, "\(page): a console block ran nothing")
    }

    /// A command line's words: spaces separate, '…' and "…" quote (no escapes: the examples need none).
    static func words(_ line: String) -> [String]? {
        var out: [String] = [], word = "", inWord = false, quote: Character?
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
            } else if c == "'" || c == "\"" { quote = c; inWord = true
            } else if c == " " { if inWord { out.append(word); word = ""; inWord = false }
            } else { word.append(c); inWord = true }
        }
        if quote != nil { return nil }
        if inWord { out.append(word) }
        return out
    }

    @Test func theWordsOfACommandLine() {
        #expect(Self.words("rasim check in.json") == ["rasim", "check", "in.json"])
        #expect(Self.words("rasim calendar explain 2025-03-20 3 --lang 'ru'") == ["rasim", "calendar", "explain", "2025-03-20", "3", "--lang", "ru"])
        #expect(Self.words(#"rasim x "a b" '' c"#) == ["rasim", "x", "a b", "", "c"])
        #expect(Self.words("rasim 'open") == nil)
    }

    @Test func everyCommandWithAJSONInterfaceHasAReferencePage() throws {
        for command in ["calendar", "check", "scan", "risk", "checklist", "practice", "supervision", "documents"] {
            let page = "docs/reference/\(command).md"
            #expect(Self.pagesWithExamples.contains(page), "\(page) is missing or has no worked example")
        }
        #expect(FileManager.default.fileExists(atPath: Repository.url("docs/reference/http.md").path))
    }

    // MARK: - The CLI manual

    /// docs/reference/cli.md's generated part is the command tree as `rasim --experimental-dump-help` gives it.
    @Test func theCLIManualIsTheCommandDefinitions() throws {
        let dump = try RasimProcess.run(["--experimental-dump-help"], timeout: 60)
        #expect(dump.status == 0, "\(dump)")
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(tool["command"] as? [String: Any])
        try GeneratedPart.check("docs/reference/cli.md", generated: CLIManual.render(root), suite: "theCLIManualIsTheCommandDefinitions")
    }

    // MARK: - Links and paths

    @Test("every relative link lands on a file, and a heading's anchor on a heading", arguments: Repository.markdownPages)
    func relativeLinksResolve(page: String) throws {
        let text = try Repository.read(page)
        let folder = Repository.url(page).deletingLastPathComponent()
        for (target, line) in Markdown.links(text) {
            if target.contains("://") || target.hasPrefix("mailto:") { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let file = path.isEmpty ? Repository.url(page) : folder.appendingPathComponent(path).standardizedFileURL
            #expect(file.path.hasPrefix(Repository.root.standardizedFileURL.path + "/") || file.path == Repository.root.standardizedFileURL.path,
                    "\(page):\(line): \(target) leaves the repository")
            guard FileManager.default.fileExists(atPath: file.path) else {
                Issue.record("\(page):\(line): \(target) — no such file in the repository"); continue
            }
            if parts.count == 2, file.pathExtension == "md" {
                let anchor = String(parts[1]).removingPercentEncoding ?? String(parts[1])
                let anchors = Markdown.anchors(String(decoding: try Data(contentsOf: file), as: UTF8.self))
                #expect(anchors.contains(anchor), "\(page):\(line): \(target) — no heading with that anchor")
            }
        }
    }

    /// The folders outside the repository that the project's first sessions cited; a clone has none of them.
    static let outsidePaths = ["../" + "shared", "shared/" + "contracts", "shared/" + "seeds", "/work/" + "shared",
                               "DOMAIN" + ".md", "DESIGN" + ".md"]

    @Test func nothingNamesAPathOutsideTheRepository() throws {
        let texts = Repository.files(under: "Sources", endingWith: [".swift", ".json", ".mustache", ".md", ".csv", ".txt"])
            + Repository.files(under: "Tests", endingWith: [".swift", ".json", ".py", ".md", ".csv"])
            + Repository.files(under: "Benchmarks", endingWith: [".py", ".lua", ".swift", ".md", ".sh"])
            + Repository.files(under: "deploy", endingWith: ["", ".service"]) + Repository.files(under: ".ci", endingWith: [""])
            + Repository.markdownPages + ["Package.swift"]
        let contractLink = try NSRegularExpression(pattern: #"(?<![\w/.-])contracts/[a-z]+\.md"#)
        var offenders: [String] = []
        for file in Set(texts).sorted() where file != "Tests/RasimCLITests/ReferenceDocsTests.swift" {
            let text = try Repository.read(file)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = String(line)
                if Self.outsidePaths.contains(where: { l.contains($0) })
                    || contractLink.firstMatch(in: l, range: NSRange(location: 0, length: (l as NSString).length)) != nil {
                    offenders.append("\(file):\(n + 1): \(l.trimmingCharacters(in: .whitespaces).prefix(160))")
                }
            }
        }
        #expect(offenders.isEmpty, "paths outside the repository (use docs/reference/, docs/acts.md, docs/sources/, docs/architecture.md):\n\(offenders.prefix(40).joined(separator: "\n"))")
    }

    @Test func theMarkdownHelpersReadWhatGitHubShows() {
        #expect(Markdown.slug("2. PS-VIOLATIONS-2025 — frequent violations (seed 001)") == "2-ps-violations-2025--frequent-violations-seed-001")
        #expect(Markdown.slug("Тіркеушінің күні: не *бірінші*") == "тіркеушінің-күні-не-бірінші")
        #expect(Markdown.slug("`rasim check`, v1.1") == "rasim-check-v11")
        #expect(Markdown.anchors("# A\n## A\n```\n# not\n```\n") == ["a", "a-1"])
        let links = Markdown.links("see [x](a.md#b) and `[y](no.md)`\n```\n[z](no2.md)\n```\n![i](p.png \"t\")\n[r]: ref.md\n")
        #expect(links.map(\.target) == ["a.md#b", "p.png", "ref.md"])
        let blocks = Markdown.blocks("text\n```json file=in.json\n{}\n```\n````console\n$ rasim x\n```\n````\n")
        #expect(blocks.count == 2)
        #expect(blocks.first?.option("file") == "in.json" && blocks.first?.text == "{}\n")
        #expect(blocks.last?.text == "$ rasim x\n```\n")
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// The CLI manual as Markdown, from the command tree `--experimental-dump-help` prints (swift-argument-parser's
/// ToolInfo): a section per command, its abstract and discussion, its arguments and options in a table, links to its
/// subcommands. Help and version flags are left out (every command has them).
enum CLIManual {
    static func render(_ root: [String: Any]) -> String {
        var out = ""
        func visit(_ command: [String: Any], path: [String]) {
            guard (command["shouldDisplay"] as? Bool) ?? true else { return }
            let name = (command["commandName"] as? String) ?? "?"
            let full = path + [name]
            let subcommands = ((command["subcommands"] as? [[String: Any]]) ?? []).filter {
                (($0["shouldDisplay"] as? Bool) ?? true) && ($0["commandName"] as? String) != "help"
            }
            out += "\n" + String(repeating: "#", count: min(full.count + 1, 4)) + " " + full.joined(separator: " ") + "\n\n"
            if let abstract = command["abstract"] as? String, !abstract.isEmpty { out += abstract + "\n\n" }
            if let discussion = command["discussion"] as? String, !discussion.isEmpty { out += "```text\n" + discussion + "\n```\n\n" }
            let arguments = ((command["arguments"] as? [[String: Any]]) ?? []).filter { a in
                let n = (a["preferredName"] as? [String: Any])?["name"] as? String
                return ((a["shouldDisplay"] as? Bool) ?? true) && n != "help" && n != "version"
            }
            if !arguments.isEmpty {
                out += "Usage: `" + (full + arguments.map(usage)).joined(separator: " ") + (subcommands.isEmpty ? "" : " <subcommand>") + "`\n\n"
                out += "| argument | meaning |\n|---|---|\n"
                for a in arguments { out += "| `\(spelling(a))` | \(cell(meaning(a))) |\n" }
                out += "\n"
            }
            if !subcommands.isEmpty {
                out += "Subcommands: " + subcommands.map {
                    let n = ($0["commandName"] as? String) ?? "?"
                    return "[`\(n)`](#\(Markdown.slug((full + [n]).joined(separator: " "))))"
                }.joined(separator: ", ") + ".\n"
            }
            for s in subcommands { visit(s, path: full) }
        }
        visit(root, path: [])
        return out.trimmingTrailingWhitespace.drop(while: \.isNewline) + "\n"
    }

    static func names(_ a: [String: Any]) -> [String] {
        ((a["names"] as? [[String: Any]]) ?? []).compactMap { n in
            guard let name = n["name"] as? String else { return nil }
            return (n["kind"] as? String) == "short" ? "-" + name : "--" + name
        }
    }

    /// `--port <port>`, `-v, --verbose`, `<applications>`.
    static func spelling(_ a: [String: Any]) -> String {
        let value = "<" + ((a["valueName"] as? String) ?? "value") + ">"
        switch a["kind"] as? String {
        case "positional": return value + (((a["isRepeating"] as? Bool) ?? false) ? " …" : "")
        case "flag": return names(a).joined(separator: ", ")
        default: return names(a).joined(separator: ", ") + " " + value
        }
    }

    /// How the argument appears in a usage line: optional ones in brackets.
    static func usage(_ a: [String: Any]) -> String {
        let preferred = (a["preferredName"] as? [String: Any]).map { n in ((n["kind"] as? String) == "short" ? "-" : "--") + ((n["name"] as? String) ?? "") }
        let value = "<" + ((a["valueName"] as? String) ?? "value") + ">"
        let word: String
        switch a["kind"] as? String {
        case "positional": word = value
        case "flag": word = preferred ?? value
        default: word = (preferred ?? "") + " " + value
        }
        let repeated = ((a["isRepeating"] as? Bool) ?? false) ? " …" : ""
        return ((a["isOptional"] as? Bool) ?? false) ? "[" + word + repeated + "]" : word + repeated
    }

    static func meaning(_ a: [String: Any]) -> String {
        var parts: [String] = []
        if let abstract = a["abstract"] as? String, !abstract.isEmpty { parts.append(abstract) }
        if let discussion = a["discussion"] as? String, !discussion.isEmpty { parts.append(discussion) }
        if let values = a["allValues"] as? [String], !values.isEmpty { parts.append("One of " + values.map { "`\($0)`" }.joined(separator: ", ") + ".") }
        if let d = a["defaultValue"] as? String, !d.isEmpty { parts.append("Default: `\(d)`.") }
        if !((a["isOptional"] as? Bool) ?? true) { parts.append("Required.") }
        return parts.joined(separator: " ")
    }

    /// A table cell: one line, `|` escaped.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
