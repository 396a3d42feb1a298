import Foundation
import Testing

/// The project's layers (docs/architecture.md), read from the `import` lines of every source file:
///
/// - `Sources/Kernel/*` — pure; imports the kernel only (and Foundation's value types).
/// - `Sources/Acts/*` — pure; imports the kernel (another act only where the law refers to it: `actReferences`).
/// - `Sources/Platform/*` — knows no act: imports the kernel, the platform and outside libraries, never an act,
///   or a feature.
/// - `Sources/Features/<Act>Feature` — imports the kernel, the platform and its own act.
/// - `Sources/rasim` — the executable, the one place that lists the features.
@Suite("Layout: the layers hold, read from the imports")
struct LayoutTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Acts that another act's law refers to (none yet).
    static let actReferences: [String: Set<String>] = [:]
    /// The only module outside the layers: the executable.
    static let outsideLayers: Set<String> = ["rasim"]

    struct Module { let name: String; let layer: String; let imports: [(file: String, module: String)]; let text: [(file: String, body: String)] }

    static func modules() throws -> [Module] {
        var out: [Module] = []
        let fm = FileManager.default
        func read(_ dir: URL, name: String, layer: String) throws -> Module {
            var imports: [(String, String)] = [], text: [(String, String)] = []
            let files = fm.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for f in files {
                let body = try String(contentsOf: f, encoding: .utf8)
                let rel = f.path.replacingOccurrences(of: sources.path + "/", with: "")
                text.append((rel, body))
                for line in body.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                          words[..<i].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "package", "private"].contains($0) }) else { continue }
                    imports.append((rel, words[i + 1].split(separator: ".").first.map(String.init) ?? words[i + 1]))
                }
            }
            return Module(name: name, layer: layer, imports: imports, text: text)
        }
        for top in try fm.contentsOfDirectory(atPath: sources.path).sorted() {
            let dir = sources.appendingPathComponent(top)
            if ["Kernel", "Acts", "Platform", "Features"].contains(top) {
                for m in try fm.contentsOfDirectory(atPath: dir.path).sorted() {
                    out.append(try read(dir.appendingPathComponent(m), name: m, layer: top))
                }
            } else {
                out.append(try read(dir, name: top, layer: "executable"))
            }
        }
        return out
    }

    struct Layers {
        var kernel: Set<String>, acts: Set<String>, platform: Set<String>, features: Set<String>, project: Set<String>

        init(_ all: [Module]) {
            let byLayer = Dictionary(grouping: all, by: \.layer).mapValues { Set($0.map(\.name)) }
            kernel = byLayer["Kernel"] ?? []; acts = byLayer["Acts"] ?? []; platform = byLayer["Platform"] ?? []; features = byLayer["Features"] ?? []
            project = Set(all.map(\.name))
            // Each feature's act: the act module it imports (read from the sources, never listed by hand — a new act
            // is its folders, Package.swift and the executable's list).
            var map: [String: [String]] = [:]
            for m in all where m.layer == "Features" {
                map[m.name] = Set(m.imports.map(\.module)).intersection(byLayer["Acts"] ?? []).sorted()
            }
            featureActImports = map
        }

        /// The act modules each feature imports (exactly one each).
        let featureActImports: [String: [String]]
        var featureActs: [(feature: String, act: String)] {
            featureActImports.compactMap { f, acts in acts.count == 1 ? (f, acts[0]) : nil }.sorted { $0.feature < $1.feature }
        }

        /// Whether module `name` of `layer` may import `imported`.
        func allows(layer: String, name: String, imported: String) -> Bool {
            let ours = project.contains(imported)
            switch layer {
            case "Kernel": return kernel.contains(imported) || imported == "Foundation"
            case "Acts": return kernel.contains(imported) || imported == "Foundation" || (LayoutTests.actReferences[name]?.contains(imported) ?? false)
            case "Platform": return !ours || kernel.contains(imported) || platform.contains(imported)
            case "Features": return !ours || kernel.contains(imported) || platform.contains(imported) || featureActImports[name] == [imported]
            default: return true
            }
        }
    }

    @Test("each module imports only what its layer allows")
    func imports() throws {
        let all = try Self.modules()
        let layers = Layers(all)
        #expect(layers.kernel.isSuperset(of: ["LegalCore", "WorkCalendar", "Identifiers"]))
        #expect(layers.acts.isSuperset(of: ["PublicServices", "RiskAssessment"]))
        #expect(!layers.platform.isEmpty && !layers.features.isEmpty)
        for m in all {
            for (file, imported) in m.imports {
                #expect(layers.allows(layer: m.layer, name: m.name, imported: imported), "\(file) (\(m.layer)/\(m.name)) imports \(imported)")
            }
        }
        // Every feature names its act; no module outside the layers but the executable.
        for f in layers.features { #expect(layers.featureActImports[f]?.count == 1, "feature \(f) imports one act, not \(layers.featureActImports[f] ?? [])") }
        let outside = Set(all.filter { $0.layer == "executable" }.map(\.name))
        #expect(outside.isSubset(of: Self.outsideLayers), "modules outside the layers: \(outside.subtracting(Self.outsideLayers).sorted())")
    }

    /// An act is a folder: its pure module is imported by its feature only, its feature by the executable only
    /// (whose one list of features serves it) — nothing else in Sources names it.
    @Test("an act and its feature are imported only by the feature and the executable")
    func actsAreFolders() throws {
        let all = try Self.modules()
        let pairs = Layers(all).featureActs
        #expect(pairs.count >= 3, "the features and their acts are found (\(pairs.map(\.feature)))")
        for (feature, act) in pairs {
            for target in [act, feature] {
                let importers = Set(all.filter { m in m.imports.contains { $0.module == target } }.map(\.name)).subtracting([target])
                let allowed: Set<String> = target == act ? [feature, "rasim"] : ["rasim"]
                #expect(importers.isSubset(of: allowed), "\(target) is imported by \(importers.subtracting(allowed).sorted())")
            }
        }
        // Each act is whole: only its feature and the executable know it.
        for (feature, act) in pairs {
            let knowing = Set(all.filter { m in m.imports.contains { [act, feature].contains($0.module) } }.map(\.name))
            #expect(knowing == [feature, "rasim"], "\(act): \(knowing.sorted())")
        }
    }

    @Test("the pure layers never read the clock, the environment or files")
    func purity() throws {
        let forbidden = ["Date()", "Date.now", "FileManager", "ProcessInfo", "FileHandle", "fopen(", "URLSession", "Data(contentsOf", "String(contentsOf"]
        for m in try Self.modules() where m.layer == "Kernel" || m.layer == "Acts" {
            for (file, body) in m.text {
                for word in forbidden { #expect(!body.contains(word), "\(file) uses \(word)") }
            }
        }
    }

    /// The rule refuses what it forbids (so `imports` can fail), and the reader sees real imports.
    @Test("the rules catch what they forbid")
    func rulesBite() throws {
        let modules = try Self.modules()
        let layers = Layers(modules)
        #expect(!layers.allows(layer: "Platform", name: "Storage", imported: "PublicServices"))
        #expect(!layers.allows(layer: "Platform", name: "Storage", imported: "rasim"))
        #expect(!layers.allows(layer: "Platform", name: "Storage", imported: "RiskFeature"))
        #expect(!layers.allows(layer: "Kernel", name: "LegalCore", imported: "JSONKit"))
        #expect(!layers.allows(layer: "Acts", name: "RiskAssessment", imported: "PublicServices"))
        #expect(!layers.allows(layer: "Features", name: "RiskFeature", imported: "PublicServices"))
        #expect(layers.allows(layer: "Features", name: "RiskFeature", imported: "RiskAssessment"))
        #expect(layers.allows(layer: "Platform", name: "Storage", imported: "SQLKit"))
        let storage = try #require(modules.first { $0.name == "Storage" })
        #expect(storage.imports.contains { $0.module == "SQLKit" } && storage.imports.contains { $0.module == "JSONKit" })
    }
}
