import Foundation

/// Encodes/decodes one Codable value as JSON text (fragments allowed).
enum JSONEncoderLite {
    static func encode<T: Encodable>(_ v: T) throws -> String {
        String(decoding: try JSONEncoder().encode(v), as: UTF8.self)
    }
    static func decode<T: Decodable>(_ t: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
