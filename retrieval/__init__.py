"""Catalog and policy retrieval: loading, embedding, indexing in Chroma, hybrid search."""

from retrieval.catalog import CatalogLoad, Product, RowError, Variant, load_catalog
from retrieval.embeddings import MODEL_NAME, ShopEmbeddings, packaged_model_path
from retrieval.filters import Filters, FilterVocabulary
from retrieval.index import HnswSettings, IndexItem, IngestReport, chroma_client, ingest, open_collections
from retrieval.policies import PolicyPassage, load_policies
from retrieval.search import Found, Hit, HybridSearch, IndexHandle, PolicyRetriever, ProductRetriever, ShopIndex
from retrieval.sources import collect_items
from retrieval.text import fold, tokens

__all__ = [
    "MODEL_NAME",
    "CatalogLoad",
    "FilterVocabulary",
    "Filters",
    "Found",
    "Hit",
    "HnswSettings",
    "HybridSearch",
    "IndexHandle",
    "IndexItem",
    "IngestReport",
    "PolicyPassage",
    "PolicyRetriever",
    "Product",
    "ProductRetriever",
    "RowError",
    "ShopEmbeddings",
    "ShopIndex",
    "Variant",
    "chroma_client",
    "collect_items",
    "fold",
    "ingest",
    "load_catalog",
    "load_policies",
    "open_collections",
    "packaged_model_path",
    "tokens",
]
