import Foundation
import LegalCore

/// A spreadsheet (Office Open XML, .xlsx) with one sheet: a bold header row with a filter on every column, then rows of
/// text, numbers and dates (real dates a spreadsheet can sort and count, shown DD.MM.YYYY).
/// Written by hand — an .xlsx is a ZIP of a few XML parts — so the report needs no extra dependency; the
/// parts are the minimum Excel, LibreOffice and openpyxl accept (ECMA-376 Part 1, SpreadsheetML).
public struct XLSXWriter: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Int)
        case date(LocalDate)
        case empty
    }

    public var sheetName: String
    public var header: [String]
    public var rows: [[Cell]]
    /// Column widths in characters (optional, one per column).
    public var widths: [Int]

    public init(sheetName: String, header: [String], rows: [[Cell]], widths: [Int] = []) {
        self.sheetName = sheetName; self.header = header; self.rows = rows; self.widths = widths
    }

    public func data() -> [UInt8] {
        var zip = ZipWriter()
        addFixedParts(&zip)
        zip.add("xl/worksheets/sheet1.xml", sheetXML())
        return zip.finish()
    }

    /// Every part but the sheet.
    func addFixedParts(_ zip: inout ZipWriter) {
        zip.add("[Content_Types].xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """)
        zip.add("_rels/.rels", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """)
        zip.add("xl/workbook.xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="\(Self.escape(Self.safeSheetName(sheetName)))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """)
        zip.add("xl/_rels/workbook.xml.rels", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """)
        zip.add("xl/styles.xml", """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """)
    }

    func sheetXML() -> String {
        sheetStart() + rows.enumerated().map { row($0.offset + 2, $0.element, style: 0) }.joined() + sheetEnd(rowCount: rows.count)
    }

    /// The sheet up to and with the header row.
    func sheetStart() -> String {
        var out = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        """
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        if !widths.isEmpty {
            out += "<cols>"
            for (i, w) in widths.enumerated() { out += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>" }
            out += "</cols>"
        }
        out += "<sheetData>"
        out += row(1, header.map(Cell.text), style: 1)
        return out
    }

    /// The sheet after its `rowCount` rows.
    func sheetEnd(rowCount: Int) -> String {
        var out = "</sheetData>"
        if !header.isEmpty { out += "<autoFilter ref=\"A1:\(Self.column(header.count - 1))\(rowCount + 1)\"/>" }
        return out + "</worksheet>"
    }

    func row(_ n: Int, _ cells: [Cell], style: Int) -> String {
        var out = "<row r=\"\(n)\">"
        for (i, c) in cells.enumerated() {
            let ref = Self.column(i) + String(n)
            let s = style == 0 ? "" : " s=\"\(style)\""
            switch c {
            case .text(let t): out += "<c r=\"\(ref)\"\(s) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(Self.escape(t))</t></is></c>"
            case .number(let v): out += "<c r=\"\(ref)\"\(s)><v>\(v)</v></c>"
            // A date is its serial day (days since 30 Dec 1899) with the date style.
            case .date(let d): out += "<c r=\"\(ref)\" s=\"2\"><v>\(Self.serial(d))</v></c>"
            case .empty: continue
            }
        }
        return out + "</row>"
    }

    /// Excel's serial number of a day: 25 569 is 1 Jan 1970.
    static func serial(_ d: LocalDate) -> Int { Int(d.dayNumber) + 25_569 }

    /// 0 → A, 25 → Z, 26 → AA.
    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
        return s
    }

    /// XML text (`Markup.escape`).
    static func escape(_ s: String) -> String { Markup.escape(s) }

    /// Sheet names: at most 31 characters, none of `[]:*?/\`.
    static func safeSheetName(_ s: String) -> String {
        let cleaned = String(s.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }
}

/// A spreadsheet written as it is read — the export of a list that may not fit in memory: `start` gives the
/// first bytes (every fixed part and the sheet's header row), `rows` the bytes of each batch of rows, `finish` the
/// rest. Memory holds one batch, never the sheet: its ZIP entry is streamed (sizes and CRC in a data descriptor
/// after the data, APPNOTE 4.3.9). The same file as `XLSXWriter.data()` would make, but for that descriptor.
public struct XLSXStream: Sendable {
    let book: XLSXWriter
    var zip = ZipWriter()
    var written = 0

    public init(sheetName: String, header: [String], widths: [Int] = []) {
        book = XLSXWriter(sheetName: sheetName, header: header, rows: [], widths: widths)
    }

    public mutating func start() -> [UInt8] {
        book.addFixedParts(&zip)
        var out = zip.take()
        out += zip.open("xl/worksheets/sheet1.xml")
        out += zip.stream(Array(book.sheetStart().utf8))
        return out
    }

    public mutating func rows(_ rows: [[XLSXWriter.Cell]]) -> [UInt8] {
        var text = ""
        for r in rows { written += 1; text += book.row(written + 1, r, style: 0) }
        return zip.stream(Array(text.utf8))
    }

    public mutating func finish() -> [UInt8] {
        var out = zip.stream(Array(book.sheetEnd(rowCount: written).utf8))
        out += zip.close()
        out += zip.finish()
        return out
    }
}

/// A ZIP archive with stored (uncompressed) entries and UTF-8 names: local headers, the central directory
/// and its end record (PKWARE APPNOTE 6.3, sections 4.3.7, 4.3.12, 4.3.16).
struct ZipWriter {
    private var out: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) { add(name, Array(text.utf8)) }

    mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(data)
        let offset = UInt32(taken + out.count)
        // 1980-01-01 00:00 (DOS time and date): a fixed stamp keeps the same report byte-identical.
        let time: UInt16 = 0, date: UInt16 = (0 << 9) | (1 << 5) | 1
        func common(_ b: inout [UInt8]) {
            b.le16(20); b.le16(0x0800); b.le16(0); b.le16(time); b.le16(date)
            b.le32(crc); b.le32(UInt32(data.count)); b.le32(UInt32(data.count)); b.le16(UInt16(nameBytes.count)); b.le16(0)
        }
        out.le32(0x0403_4b50); common(&out); out += nameBytes; out += data
        central.le32(0x0201_4b50); central.le16(20); common(&central)
        central.le16(0); central.le16(0); central.le16(0); central.le32(0); central.le32(offset); central += nameBytes
        count += 1
    }

    /// Bytes made so far and not yet taken (a streamed archive hands them on as it goes).
    private var taken = 0
    private var streaming: (name: [UInt8], offset: UInt32, crc: UInt32, size: UInt32)?

    mutating func take() -> [UInt8] {
        let part = out
        taken += part.count
        out.removeAll(keepingCapacity: true)
        return part
    }

    /// Opens an entry whose data follows in `stream` calls (general purpose flag 3: sizes and CRC after the data).
    mutating func open(_ name: String) -> [UInt8] {
        let nameBytes = Array(name.utf8)
        let offset = UInt32(taken)
        var b: [UInt8] = []
        b.le32(0x0403_4b50); b.le16(20); b.le16(0x0808); b.le16(0); b.le16(0); b.le16((1 << 5) | 1)
        b.le32(0); b.le32(0); b.le32(0); b.le16(UInt16(nameBytes.count)); b.le16(0)
        b += nameBytes
        taken += b.count
        streaming = (nameBytes, offset, 0xFFFF_FFFF, 0)
        return b
    }

    mutating func stream(_ data: [UInt8]) -> [UInt8] {
        guard var s = streaming else { return [] }
        s.crc = CRC32.update(s.crc, data)
        s.size &+= UInt32(truncatingIfNeeded: data.count)
        streaming = s
        taken += data.count
        return data
    }

    /// Ends the open entry: its data descriptor, and its central directory record kept for `finish`.
    mutating func close() -> [UInt8] {
        guard let s = streaming else { return [] }
        streaming = nil
        let crc = s.crc ^ 0xFFFF_FFFF
        var b: [UInt8] = []
        b.le32(0x0807_4b50); b.le32(crc); b.le32(s.size); b.le32(s.size)
        taken += b.count
        central.le32(0x0201_4b50); central.le16(20); central.le16(20); central.le16(0x0808); central.le16(0); central.le16(0); central.le16((1 << 5) | 1)
        central.le32(crc); central.le32(s.size); central.le32(s.size); central.le16(UInt16(s.name.count)); central.le16(0)
        central.le16(0); central.le16(0); central.le16(0); central.le32(0); central.le32(s.offset); central += s.name
        count += 1
        return b
    }

    mutating func finish() -> [UInt8] {
        let cdOffset = UInt32(taken + out.count)
        out += central
        out.le32(0x0605_4b50); out.le16(0); out.le16(0); out.le16(UInt16(count)); out.le16(UInt16(count))
        out.le32(UInt32(central.count)); out.le32(cdOffset); out.le16(0)
        return out
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: [UInt8]) -> UInt32 { update(0xFFFF_FFFF, data) ^ 0xFFFF_FFFF }

    /// A running CRC (start from 0xFFFFFFFF, end with ^ 0xFFFFFFFF).
    static func update(_ crc: UInt32, _ data: [UInt8]) -> UInt32 {
        var c = crc
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c
    }
}

extension Array where Element == UInt8 {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for k in 0..<4 { append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
}
