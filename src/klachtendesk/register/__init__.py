"""The register teams keep in Excel today: reading and writing it as CSV or xlsx.

``columns`` names the columns; ``files`` reads and writes the two file formats;
``importer`` turns rows into cases (all or nothing); ``exporter`` writes cases back.
"""
