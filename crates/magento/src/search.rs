//! `searchCriteria` query strings. Filters inside one group are OR'd, groups
//! are AND'd; a sort without a direction is DESC in Magento, so directions are
//! always written out.

#[derive(Debug, Clone)]
pub(crate) struct Filter {
    pub field: String,
    pub value: String,
    pub condition: &'static str,
}

impl Filter {
    pub fn new(field: &str, condition: &'static str, value: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            value: value.into(),
            condition,
        }
    }
}

/// Only ascending is needed: keyset paging walks keys upwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Asc,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SearchCriteria {
    /// AND of groups; each group is an OR of its filters.
    pub groups: Vec<Vec<Filter>>,
    pub sort: Vec<(String, Direction)>,
    pub page_size: Option<u32>,
    pub current_page: Option<u32>,
}

impl SearchCriteria {
    pub fn and(mut self, filter: Filter) -> Self {
        self.groups.push(vec![filter]);
        self
    }

    pub fn and_all(mut self, groups: &[Vec<Filter>]) -> Self {
        self.groups.extend(groups.iter().cloned());
        self
    }

    pub fn sort(mut self, field: &str, direction: Direction) -> Self {
        self.sort.push((field.to_owned(), direction));
        self
    }

    pub fn page(mut self, size: u32, current: u32) -> Self {
        self.page_size = Some(size);
        self.current_page = Some(current);
        self
    }

    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut query = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            for (f, filter) in group.iter().enumerate() {
                let prefix = format!("searchCriteria[filter_groups][{g}][filters][{f}]");
                query.push((format!("{prefix}[field]"), filter.field.clone()));
                query.push((format!("{prefix}[value]"), filter.value.clone()));
                query.push((
                    format!("{prefix}[condition_type]"),
                    filter.condition.to_owned(),
                ));
            }
        }
        for (s, (field, direction)) in self.sort.iter().enumerate() {
            let prefix = format!("searchCriteria[sortOrders][{s}]");
            query.push((format!("{prefix}[field]"), field.clone()));
            let Direction::Asc = direction;
            query.push((format!("{prefix}[direction]"), "ASC".to_owned()));
        }
        if let Some(size) = self.page_size {
            query.push(("searchCriteria[pageSize]".to_owned(), size.to_string()));
        }
        if let Some(page) = self.current_page {
            query.push(("searchCriteria[currentPage]".to_owned(), page.to_string()));
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_groups_sorts_and_paging() {
        let query = SearchCriteria::default()
            .and(Filter::new("entity_id", "gt", "10"))
            .sort("entity_id", Direction::Asc)
            .page(300, 1)
            .to_query();
        let rendered: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            rendered,
            [
                "searchCriteria[filter_groups][0][filters][0][field]=entity_id",
                "searchCriteria[filter_groups][0][filters][0][value]=10",
                "searchCriteria[filter_groups][0][filters][0][condition_type]=gt",
                "searchCriteria[sortOrders][0][field]=entity_id",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=300",
                "searchCriteria[currentPage]=1",
            ]
        );
    }
}
