package qris

// CRC16 is CRC-16/CCITT-FALSE (ISO/IEC 13239 as EMVCo uses it): polynomial
// 0x1021, initial value 0xFFFF, no reflection, no final xor. For a payload it
// is computed over every byte up to and including "6304".
func CRC16(data string) uint16 {
	crc := uint16(0xFFFF)
	for i := 0; i < len(data); i++ {
		crc ^= uint16(data[i]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

const hexDigits = "0123456789ABCDEF"

// crcHex writes a CRC as 4 upper-case hex digits.
func crcHex(c uint16) string {
	return string([]byte{hexDigits[c>>12], hexDigits[c>>8&0xF], hexDigits[c>>4&0xF], hexDigits[c&0xF]})
}
