import WebKit
import Foundation
import LegalCore

extension I18n {
    /// The bundled tables.
    public static func bundled() throws -> I18n {
        var tables: [Language: [String: String]] = [:]
        for lang in languages {
            let url = try WebResources.url("i18n/\(lang.rawValue).json")
            let data = try Data(contentsOf: url)
            guard let table = try JSONSerialization.jsonObject(with: data) as? [String: String] else {
                throw WebResources.Missing(path: "i18n/\(lang.rawValue).json: not a flat object of strings")
            }
            tables[lang] = table
        }
        return I18n(tables: tables)
    }

}

/// Files under `Sources/WebApp/Resources` (templates, translation tables, the stylesheet, demo inputs).
enum WebResources {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "web resource missing from the installation: \(path)" }
    }

    /// The copied `Resources` folder. Asked for by name: Foundation on Linux may take a bundle holding a
    /// `Resources` folder for an Apple-style bundle and answer `resourceURL` with that folder already.
    static var root: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources", isDirectory: true)
    }

    static func url(_ path: String) throws -> URL {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Missing(path: path) }
        return url
    }

    static func data(_ path: String) throws -> Data { try Data(contentsOf: try url(path)) }
}
