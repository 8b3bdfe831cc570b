package org.commitmentledger.read.csv;

import java.util.List;
import java.util.Map;

/** The list part of a read's answer, flattened: its columns in first-seen order and one map of cells per row. */
record CsvTable(List<String> columns, List<Map<String, String>> rows) {
}
