import Foundation
import LegalCore

/// The web files a module bundles under its `Resources` folder: templates (`templates/*.mustache`), translation
/// tables (`i18n/kk.json`, `i18n/ru.json`: flat `key → text`), static files, demo inputs.
public struct WebResources: Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public init(path: String) { self.path = path }
        public var description: String { "web resource missing from the installation: \(path)" }
    }

    /// The module's copied `Resources` folder.
    public let root: URL

    /// `bundle`: the module's `Bundle.module`. The folder is asked for by name: Foundation on Linux may take a
    /// bundle holding a `Resources` folder for an Apple-style bundle and answer `resourceURL` with it already.
    public init(bundle: Bundle) {
        root = bundle.url(forResource: "Resources", withExtension: nil) ?? bundle.bundleURL.appendingPathComponent("Resources", isDirectory: true)
    }

    public func url(_ path: String) throws -> URL {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: path) }
        return url
    }

    public func data(_ path: String) throws -> Data { try Data(contentsOf: try url(path)) }

    /// `i18n/<lang>.json` for each language of the workspace.
    public func translations() throws -> [Language: [String: String]] {
        var tables: [Language: [String: String]] = [:]
        for lang in I18n.languages {
            let path = "i18n/\(lang.rawValue).json"
            guard let table = try JSONSerialization.jsonObject(with: try data(path)) as? [String: String] else {
                throw Missing(path: path + ": not a flat object of strings")
            }
            tables[lang] = table
        }
        return tables
    }

    /// Every `templates/*.mustache`, by name without the extension.
    public func templates() throws -> [String: String] {
        let dir = try url("templates")
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".mustache") {
            out[String(name.dropLast(".mustache".count))] = String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self)
        }
        return out
    }
}
