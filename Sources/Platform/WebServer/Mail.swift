import Foundation
import Glibc

/// An e-mail address as Rasim stores one: `local@domain`, printable ASCII without spaces, quotes or angle brackets,
/// a domain with a dot, at most 254 characters — so that it can go into an SMTP command and a header as it is.
public enum MailAddress {
    public static func problem(_ s: String) -> String? {
        guard !s.isEmpty, s.count <= 254 else { return "an address has 1 to 254 characters" }
        guard s.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && !"<>\"(),;:\\[]".unicodeScalars.contains($0) }) else {
            return "an address has printable ASCII characters only, without spaces, quotes, brackets or commas"
        }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return "an address is local-part@domain, the domain with a dot"
        }
        return nil
    }
}

/// A plain-text message: UTF-8 body in base64, the subject as an RFC 2047 encoded word, CRLF line ends.
public enum MailMessage {
    public static func compose(from: String, to: String, subject: String, body: String, date: Date, id: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let encodedSubject = "=?UTF-8?B?" + Data(subject.utf8).base64EncodedString() + "?="
        let text = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString()
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty { lines.append(String(rest.prefix(76))); rest = rest.dropFirst(76) }
        return [
            "From: \(from)", "To: \(to)", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(id)@rasim>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "", lines.joined(separator: "\r\n"),
        ].joined(separator: "\r\n")
    }
}

/// A minimal SMTP client (RFC 5321) for a relay on the local network: EHLO, MAIL FROM, RCPT TO, DATA, QUIT — no
/// TLS and no authentication (a relay such as Postfix or msmtp on the same machine carries the mail further).
/// Every step waits at most `timeout` seconds; a refusal names the command and the server's answer.
public struct SMTPClient: Sendable {
    public let host: String
    public let port: Int
    public let timeout: Int
    public init(host: String, port: Int, timeout: Int = 20) { self.host = host; self.port = port; self.timeout = timeout }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `host:port` (port 25 when absent).
    public init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let h = parts.first, !h.isEmpty else { throw Failure(description: "the SMTP server is host:port") }
        let p = parts.count == 2 ? Int(parts[1]) : 25
        guard let port = p, (1...65535).contains(port) else { throw Failure(description: "the SMTP port must be 1–65535") }
        self.init(host: String(h), port: port)
    }

    /// Sends one message (`data`: headers and body, CRLF) from `from` to `to`.
    public func send(from: String, to: String, data: String) throws {
        let fd = try connect()
        defer { close(fd) }
        var buffer = [UInt8]()
        func reply() throws -> (code: Int, text: String) {
            // A reply is one or more lines "NNN-text" ending with "NNN text".
            var lines: [String] = []
            while true {
                while let nl = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<nl], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    buffer.removeSubrange(...nl)
                    lines.append(line)
                    if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                        return (Int(line.prefix(3)) ?? 0, lines.joined(separator: " "))
                    }
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &chunk, chunk.count, 0)
                guard n > 0 else { throw Failure(description: "the SMTP server \(host):\(port) closed the connection or did not answer in \(timeout) s") }
                buffer.append(contentsOf: chunk[..<n])
            }
        }
        func write(_ text: String) throws {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure(description: "could not write to the SMTP server \(host):\(port)") }
                sent += n
            }
        }
        func step(_ command: String?, expect: Set<Int>) throws {
            if let command { try write(command + "\r\n") }
            let r = try reply()
            guard expect.contains(r.code) else {
                throw Failure(description: "the SMTP server refused \(command.map { String($0.prefix(10)) } ?? "the connection"): \(r.text)")
            }
        }
        try step(nil, expect: [220])
        try step("EHLO rasim", expect: [250])
        try step("MAIL FROM:<\(from)>", expect: [250])
        try step("RCPT TO:<\(to)>", expect: [250, 251])
        try step("DATA", expect: [354])
        // Dot-stuffing: a line that starts with "." gets another.
        let stuffed = data.split(separator: "\r\n", omittingEmptySubsequences: false).map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
        try step(stuffed + "\r\n.", expect: [250])
        try? write("QUIT\r\n")
    }

    private func connect() throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve the SMTP server \(host)")
        }
        defer { freeaddrinfo(list) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let a = node {
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd >= 0 {
                var tv = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return fd }
                close(fd)
            }
            node = a.pointee.ai_next
        }
        throw Failure(description: "cannot connect to the SMTP server \(host):\(port)")
    }
}
