"""The site file in use, kept in the database so every process of a station agrees on it."""
