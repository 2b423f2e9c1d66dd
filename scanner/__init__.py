"""Barcode decoding, the webcam loop and the offline scan queue of the receiving station.

Knows the station only through its HTTP API (scanner.client).
"""

from scanner.chain import DecoderChain, Step, decode, default_chain
from scanner.decoders import OpenCVDecoder, PyzbarDecoder, ZXingDecoder
from scanner.images import ImageError, ImageTooLarge, UnsupportedImage, decode_upload, load_image
from scanner.symbols import PARCEL_FORMATS, Symbol

__all__ = [
    "PARCEL_FORMATS",
    "DecoderChain",
    "ImageError",
    "ImageTooLarge",
    "OpenCVDecoder",
    "PyzbarDecoder",
    "Step",
    "Symbol",
    "UnsupportedImage",
    "ZXingDecoder",
    "decode",
    "decode_upload",
    "default_chain",
    "load_image",
]
