//! Small bridges between Rust rows and polars columns.

use polars::prelude::*;

/// The `u32` row indices of a column that may hold nulls (a side missing after a full join).
pub fn indices(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<u32>>> {
    let column = df.column(name)?.cast(&DataType::UInt32)?;
    Ok(column.u32()?.iter().collect())
}

/// A boolean column, nulls read as false.
pub fn flags(df: &DataFrame, name: &str) -> PolarsResult<Vec<bool>> {
    let column = df.column(name)?.cast(&DataType::Boolean)?;
    Ok(column.bool()?.iter().map(|v| v.unwrap_or(false)).collect())
}

/// Row indices `0..n` as a column.
pub fn index_column(name: &str, n: usize) -> Column {
    Column::new(name.into(), (0..n as u32).collect::<Vec<u32>>())
}
